//! The one allocator setting we change: while ingest runs, memory mimalloc frees is kept for reuse
//! instead of handed back to the OS after its purge delay. Handing back made the kernel zero every
//! page again on reuse (`clear_page_erms`, 9% of ingest's CPU samples at 100k employees). Ingest's
//! memory is bounded by its batches and row groups, so keeping it costs little; compute's is not,
//! and keeping it there raised the peak of 1M employees from 5.8 to 10.1 GiB, so compute keeps the
//! default.

/// mimalloc's `mi_option_purge_delay` (mimalloc.h, v3): milliseconds before freed memory is purged,
/// -1 for never.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

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
