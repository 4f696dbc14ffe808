//! The one allocator setting we change: while ingest runs, memory mimalloc frees is kept for reuse
//! instead of handed back to the OS after its purge delay. Handing back made the kernel zero every
//! page again on reuse (`clear_page_erms`, 9% of ingest's CPU samples at 100k employees). Ingest's
//! memory is bounded by its batches and row groups, so keeping it costs little; compute's is not,
//! and keeping it there raised the peak of 1M employees from 5.8 to 10.1 GiB, so compute keeps the
//! default.

/// mimalloc's `mi_option_purge_delay` (mimalloc.h, v3): milliseconds before freed memory is purged,
/// -1 for never.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's `mi_option_allow_thp` (mimalloc.h, v3): whether it asks for transparent huge pages.
const ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Small pages instead of transparent huge pages: each fault of a huge page zeroes 2 MiB, and
/// polars allocates and frees large buffers all the time, so at 100k employees compute spent
/// 10.5 s of system time zeroing pages; with small pages 7.2-8.1 s, and 24.4 s became 23.2 s of
/// wall (two runs each, same peak RSS).
/// (Memory mapped before `main` keeps its huge pages; `MIMALLOC_ALLOW_THP=0` in the environment
/// covers that too, for 0.3 s more.)
pub fn prefer_small_pages() {
    // SAFETY: sets a plain integer option; mimalloc reads it when it maps memory.
    unsafe { libmimalloc_sys::mi_option_set(ALLOW_THP, 0) };
}

/// Keeps freed memory until dropped, then restores the purge delay it found.
pub struct KeepFreedMemory {
    previous: std::ffi::c_long,
}

impl KeepFreedMemory {
    pub fn start() -> KeepFreedMemory {
        // SAFETY: reads and sets a plain integer option; mimalloc reads it at each purge.
        let previous = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
        KeepFreedMemory { previous }
    }
}

impl Drop for KeepFreedMemory {
    fn drop(&mut self) {
        // SAFETY: as in `start`.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, self.previous) };
    }
}
