-- cache.sql - the schema of the cls cache: one SQLite database (cls.db in
-- the cache folder) holding, for each file of each contract, what the
-- per-file stage (parse + shape check) produced, and for each contract the
-- diagnostics of its last load.  The checks that need the whole contract are never cached: they run
-- on every load, so a change to cls.yaml is always seen.
-- Versioned by PRAGMA user_version (set by the code, see lib/cache.c); a
-- database of another version or written by another cls version is rebuilt.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,   -- 'cls_version'
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS file (
    root       TEXT NOT NULL,    -- the contract's folder, absolute (then
                                 -- "\n" and the id of the message catalog
                                 -- when messages are not in English)
    path       TEXT NOT NULL,    -- relative to the contract root
    size       INTEGER NOT NULL, -- stat identity ...
    mtime_ns   INTEGER NOT NULL,
    ino        INTEGER NOT NULL,
    dev        INTEGER NOT NULL,
    hash       INTEGER NOT NULL, -- 64-bit hash of the content
    written_ns INTEGER NOT NULL, -- when the row was written: a file whose
                                 -- mtime or ctime is that close is "racy"
                                 -- and its content hash is checked
    data       BLOB NOT NULL,    -- node tree + diagnostics, checksummed
    ctime_ns   INTEGER NOT NULL, -- stat identity too: a file replaced with
                                 -- its old mtime (cp -p, an editor, a
                                 -- checkout) on a reused inode has a new
                                 -- ctime, which no tool can set back
    PRIMARY KEY (root, path)
);

-- The diagnostics of a whole contract, for "cls validate" on a contract
-- that has not changed: answered without reading one file's row.
CREATE TABLE IF NOT EXISTS result (
    root        TEXT PRIMARY KEY, -- as in file
    fingerprint INTEGER NOT NULL, -- hash of every file's path and identity
    written_ns  INTEGER NOT NULL, -- racy check, as for file
    data        BLOB NOT NULL     -- the diagnostics, checksummed
);

-- What a program made of a contract that has not changed since (the
-- section of "cls indicators" or "cls export" for it, say), under a key
-- of the program's (its command line): answered without reading one file's
-- row either.  Only the fingerprint last stored is kept.
CREATE TABLE IF NOT EXISTS answer (
    root        TEXT NOT NULL,    -- as in file
    key         BLOB NOT NULL,    -- the program's
    fingerprint INTEGER NOT NULL, -- as in result
    written_ns  INTEGER NOT NULL, -- racy check, as for file
    data        BLOB NOT NULL,    -- the program's bytes, checksummed
    PRIMARY KEY (root, key)
);
