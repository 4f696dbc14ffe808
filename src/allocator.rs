//! The allocator settings we change. Small pages instead of transparent huge pages, always. And
//! while ingest runs, or compute runs a period in one bucket, memory mimalloc frees is kept for
//! reuse instead of handed back to the OS after its purge delay: handing back made the kernel zero
//! every page again on reuse (`clear_page_erms`, 9% of ingest's CPU samples at 100k employees;
//! compute at 100k spent 7.8 s of system time, 2.2 s when keeping). Ingest's memory is bounded by
//! its batches and row groups, and a one-bucket period's by the bucket size, so keeping costs
//! little there (100k compute: 3.0 -> 3.9 GB peak). Over many buckets it adds up: 1M employees
//! peaked at 10.1 GiB instead of 5.8, so periods in buckets keep the default.

/// mimalloc's `mi_option_purge_delay` (mimalloc.h, v3): milliseconds before freed memory is purged,
/// -1 for never.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's `mi_option_allow_thp` (mimalloc.h, v3): whether it asks for transparent huge pages.
const ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Small pages instead of transparent huge pages: each fault of a huge page zeroes 2 MiB, and
/// polars allocates and frees large buffers all the time, so at 100k employees compute spent
/// 10.5 s of system time zeroing pages; with small pages 7.2-8.1 s, and 24.4 s became 23.2 s of
/// wall (two runs each, same peak RSS).
/// mimalloc's option covers the memory it maps from now on; the arena it reserved before `main`
/// was already marked for huge pages, and the first GB or so of every run came from it in 2 MiB
/// faults. The process's flag, which the kernel checks at each fault, covers that memory too:
/// 10k-employee compute took 1.16-1.40 s with it against 1.53-1.88 s, 10k ingest 1.27-1.28 s
/// against 1.39-1.76 s, 100k ingest 9.51-9.62 s (0.9 s of system time) against 10.15-10.21 s
/// (2.6-2.9 s). 100k compute varied over a day: first 11.1-12.8 s against 10.2-11.9 s (8 and 10
/// runs), later 10.08-10.48 s against 9.97-10.76 s (5 runs each).
pub fn prefer_small_pages() {
    // SAFETY: sets a plain integer option; mimalloc reads it when it maps memory.
    unsafe { libmimalloc_sys::mi_option_set(ALLOW_THP, 0) };
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and sets a flag of this process only.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0)
    };
}

/// How many `KeepFreedMemory` are alive, and the purge delay found when the first started.
/// Periods run in parallel, so keepers overlap in any order: the last one out restores.
static KEEPERS: std::sync::Mutex<(usize, std::ffi::c_long)> = std::sync::Mutex::new((0, 0));

/// Keeps freed memory while any keeper is alive; the last one dropped restores the purge delay.
pub struct KeepFreedMemory(());

impl KeepFreedMemory {
    pub fn start() -> KeepFreedMemory {
        let mut keepers = KEEPERS.lock().unwrap_or_else(|e| e.into_inner());
        if keepers.0 == 0 {
            // SAFETY: reads and sets a plain integer option; mimalloc reads it at each purge.
            keepers.1 = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
            unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
        }
        keepers.0 += 1;
        KeepFreedMemory(())
    }
}

impl Drop for KeepFreedMemory {
    fn drop(&mut self) {
        let mut keepers = KEEPERS.lock().unwrap_or_else(|e| e.into_inner());
        keepers.0 -= 1;
        if keepers.0 == 0 {
            // SAFETY: as in `start`.
            unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, keepers.1) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purge_delay() -> std::ffi::c_long {
        // SAFETY: reads a plain integer option.
        unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn small_pages_are_asked_of_the_kernel_for_the_whole_process() {
        prefer_small_pages();
        // SAFETY: reads this process's flag.
        let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(disabled, 1);
    }

    #[test]
    fn overlapping_keepers_restore_the_delay_when_the_last_one_ends() {
        let before = purge_delay();
        let a = KeepFreedMemory::start();
        let b = KeepFreedMemory::start();
        assert_eq!(purge_delay(), -1);
        drop(a); // not in the order they started
        assert_eq!(purge_delay(), -1, "one keeper is still alive");
        drop(b);
        assert_eq!(purge_delay(), before);
    }
}
