//! Writing stage: every file meibo writes, written atomically.
