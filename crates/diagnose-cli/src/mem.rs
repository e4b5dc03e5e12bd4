//! Memory between stacks. `diagnose check A B C` checks each path as its own stack, one
//! after the other; glibc keeps the memory freed by one stack (spread over the arenas of
//! the parsing threads) instead of handing it back, so the peak of a run grew with the
//! number of stacks. Trimming after each stack makes the peak that of the largest one.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" {
    /// glibc: releases free memory at the top of the heap and the free pages inside
    /// every arena. Always safe to call.
    fn malloc_trim(pad: usize) -> std::os::raw::c_int;
    /// glibc: sets an allocator parameter.
    fn mallopt(param: std::os::raw::c_int, value: std::os::raw::c_int) -> std::os::raw::c_int;
}

/// Called once at start. glibc raises its mmap threshold each time a large block (a file's
/// text) is freed, after which large blocks come from the heap and fragment it; a fixed
/// threshold keeps file texts in their own mappings, returned whole when freed.
pub fn configure() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        const M_MMAP_THRESHOLD: std::os::raw::c_int = -3;
        // SAFETY: mallopt takes no pointer; called before any thread starts.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 128 * 1024);
        }
    }
}

/// Returns the memory freed so far to the system (glibc only; elsewhere nothing).
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and may be called at any time.
    unsafe {
        malloc_trim(0);
    }
}
