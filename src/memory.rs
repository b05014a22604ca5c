//! Process-wide memory settings, applied at start-up before any other thread exists.

/// Keeps the C allocator to one arena. glibc otherwise gives each busy thread an arena of its own, and
/// SQLite's page cache, filled and emptied from the importer's threads, then leaves freed pages stranded in
/// several arenas: a million-row import peaks some 60 MB higher, by chance of which thread ran what.
/// Small allocations still come from each thread's own cache (tcache) without taking the arena's lock.
pub fn use_one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator tuning; it is called before the program starts other threads.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}
