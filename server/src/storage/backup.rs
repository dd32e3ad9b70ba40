//! Backups: every tree and every attachment, taken online and consistently (writers
//! wait while the trees are read), and restored into an empty data directory.
//!
//! Two forms. The `backup` command writes one self-contained file (version 1). The
//! running server's scheduled backups (version 2) keep attachments in a shared pool
//! beside them (`BACKUP_DIR/attachments/ab/abcdef…`, content-addressed like the data
//! directory's): an attachment is copied into the pool once, and every backup that holds
//! it refers to it, so fourteen daily backups of a region with 2 GB of photos take the
//! photos' space once, not fourteen times.
//!
//! Format (all integers big-endian):
//! ```text
//! "CAMPAIGN-DESK-BACKUP 1\n" or "CAMPAIGN-DESK-BACKUP 2\n"
//! frame*        frame = tag:u8 length:u32 payload
//!   tag 1: tree name (UTF-8); the key/value frames that follow belong to it
//!   tag 2: key/value: key_length:u32 key value
//!   tag 3: attachment: sha256 hex (64 bytes) then the file's bytes
//!   tag 4: attachment in the pool (version 2 only): sha256 hex (64 bytes), size:u64
//!   tag 9: end: SHA-256 of every byte before this frame (32 bytes)
//! ```
//! A file whose trailer does not match, or whose pooled attachments are missing or of
//! another size, is refused before anything is written.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::attachments::{path_for, sha256_hex};
use super::{StorageError, Store, StoreOptions, tree};

const MAGIC: &[u8] = b"CAMPAIGN-DESK-BACKUP 1\n";
const MAGIC_POOLED: &[u8] = b"CAMPAIGN-DESK-BACKUP 2\n";
const TAG_TREE: u8 = 1;
const TAG_ENTRY: u8 = 2;
const TAG_ATTACHMENT: u8 = 3;
const TAG_POOLED: u8 = 4;
const TAG_END: u8 = 9;

/// The pool of attachments shared by the pooled backups in `dir`.
pub fn pool_dir(dir: &Path) -> std::path::PathBuf {
    dir.join("attachments")
}
/// No single frame is larger than an attachment plus its hash.
const MAX_FRAME_BYTES: usize = super::attachments::MAX_ATTACHMENT_BYTES + 64;

/// What a backup or restore moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BackupSummary {
    pub entries: u64,
    pub attachments: u64,
    pub bytes: u64,
}

struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> HashingWriter<W> {
    fn put(&mut self, data: &[u8]) -> std::io::Result<()> {
        self.hasher.update(data);
        self.bytes += data.len() as u64;
        self.inner.write_all(data)
    }

    fn frame(&mut self, tag: u8, payload: &[&[u8]]) -> Result<(), StorageError> {
        let length: usize = payload.iter().map(|p| p.len()).sum();
        let length = u32::try_from(length).map_err(|_| StorageError::Invalid("frame too large".into()))?;
        self.put(&[tag])?;
        self.put(&length.to_be_bytes())?;
        for part in payload {
            self.put(part)?;
        }
        Ok(())
    }

    /// An attachment's frame (tag 3) with the file at `path` copied in chunks of
    /// [`COPY_CHUNK_BYTES`], so a photo never sits whole in memory. The file must be
    /// `size` bytes and hash to `sha`; when it does not, the copy stops with an error
    /// before the frame is complete (whoever reads the output sees a truncated file,
    /// which no restore accepts, rather than wrong bytes under the right hash).
    fn attachment_frame(&mut self, path: &Path, sha: &str, size: u64) -> Result<(), StorageError> {
        let length = u64::try_from(sha.len()).unwrap_or(u64::MAX).saturating_add(size);
        let length = u32::try_from(length).map_err(|_| StorageError::Invalid("frame too large".into()))?;
        self.put(&[TAG_ATTACHMENT])?;
        self.put(&length.to_be_bytes())?;
        self.put(sha.as_bytes())?;
        let mut file = File::open(path)?;
        let mut content = Sha256::new();
        let mut chunk = vec![0u8; COPY_CHUNK_BYTES];
        let mut copied = 0u64;
        loop {
            let n = file.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            copied += n as u64;
            if copied > size {
                return Err(corrupt("an attachment is longer than recorded"));
            }
            content.update(&chunk[..n]);
            self.put(&chunk[..n])?;
        }
        if copied != size {
            return Err(corrupt("an attachment is shorter than recorded"));
        }
        if content.finalize().iter().map(|b| format!("{b:02x}")).collect::<String>() != sha {
            return Err(corrupt("attachment hash mismatch"));
        }
        Ok(())
    }
}

/// How much of an attachment is read at a time when it is copied into a backup file or a
/// download.
pub const COPY_CHUNK_BYTES: usize = 64 * 1024;

/// Copies a data directory's attachment into the pool unless the pool has it, durably
/// (a temporary file fsynced and renamed, then its directory fsynced).
fn copy_into_pool(from: &Path, pool: &Path, sha: &str) -> Result<u64, StorageError> {
    let target = path_for(pool, sha);
    if let Ok(meta) = std::fs::metadata(&target) {
        return Ok(meta.len());
    }
    let parent = target.parent().ok_or_else(|| StorageError::Io("pool path".into()))?;
    std::fs::create_dir_all(parent)?;
    let tmp = target.with_extension("partial");
    let size = std::fs::copy(from, &tmp)?;
    File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, &target)?;
    File::open(parent)?.sync_all()?;
    Ok(size)
}

impl Store {
    /// Writes a consistent, self-contained snapshot of everything to `out` (via a
    /// temporary file that is fsynced and renamed, so a half-written backup never carries
    /// the final name).
    pub fn backup(&self, out: &Path) -> Result<BackupSummary, StorageError> {
        self.write_backup(out, None)
    }

    /// As [`Store::backup`], with the attachments in the pool beside `out` (copied there
    /// only when the pool does not hold them yet).
    pub fn backup_pooled(&self, out: &Path) -> Result<BackupSummary, StorageError> {
        let dir = out.parent().ok_or_else(|| StorageError::Invalid("backup path".into()))?;
        self.write_backup(out, Some(&pool_dir(dir)))
    }

    fn write_backup(&self, out: &Path, pool: Option<&Path>) -> Result<BackupSummary, StorageError> {
        let tmp = out.with_extension("partial");
        let file = File::create(&tmp)?;
        let mut writer = HashingWriter { inner: BufWriter::new(file), hasher: Sha256::new(), bytes: 0 };
        writer.put(if pool.is_some() { MAGIC_POOLED } else { MAGIC })?;
        let mut summary = BackupSummary::default();
        let mut hashes = Vec::new();
        {
            let _exclusive = self.exclusive_guard();
            for name in tree::ALL {
                let tree = self.tree(name)?;
                writer.frame(TAG_TREE, &[name.as_bytes()])?;
                for entry in tree.iter() {
                    let (key, value) = entry?;
                    let key_length = u32::try_from(key.len()).map_err(|_| StorageError::Invalid("key".into()))?;
                    writer.frame(TAG_ENTRY, &[&key_length.to_be_bytes(), &key, &value])?;
                    summary.entries += 1;
                }
            }
            hashes.extend(self.attachments()?.into_iter().map(|m| m.sha256_hex));
        }
        // Attachment files never change once written, so they can be read unlocked.
        hashes.sort();
        hashes.dedup();
        for sha in hashes {
            let source = path_for(self.data_dir(), &sha);
            match pool {
                Some(pool) => {
                    let size = copy_into_pool(&source, pool, &sha)?;
                    writer.frame(TAG_POOLED, &[sha.as_bytes(), &size.to_be_bytes()])?;
                }
                None => {
                    let size = std::fs::metadata(&source)?.len();
                    writer.attachment_frame(&source, &sha, size)?;
                }
            }
            summary.attachments += 1;
        }
        let digest = writer.hasher.clone().finalize();
        writer.put(&[TAG_END])?;
        writer.put(&32u32.to_be_bytes())?;
        writer.put(&digest)?;
        summary.bytes = writer.bytes;
        let file = writer.inner.into_inner().map_err(|e| StorageError::Io(e.to_string()))?;
        file.sync_all()?;
        std::fs::rename(&tmp, out)?;
        Ok(summary)
    }
}

fn read_exact_vec(reader: &mut impl Read, length: usize) -> Result<Vec<u8>, StorageError> {
    let mut buffer = vec![0u8; length];
    reader.read_exact(&mut buffer).map_err(|_| corrupt("truncated"))?;
    Ok(buffer)
}

fn corrupt(why: &str) -> StorageError {
    StorageError::Invalid(format!("the backup file is damaged or not a Campaign Desk backup ({why})"))
}

/// Walks a backup's frames, calling `visit` for each before the end frame; returns the
/// digest of the bytes before the end frame and the digest the file claims.
fn walk(path: &Path, mut visit: impl FnMut(u8, Vec<u8>) -> Result<(), StorageError>) -> Result<(), StorageError> {
    let mut reader = BufReader::new(File::open(path)?);
    let mut hasher = Sha256::new();
    let magic = read_exact_vec(&mut reader, MAGIC.len())?;
    let pooled = magic == MAGIC_POOLED;
    if magic != MAGIC && !pooled {
        return Err(corrupt("no header"));
    }
    hasher.update(&magic);
    loop {
        let header = read_exact_vec(&mut reader, 5)?;
        let tag = header[0];
        let length = u32::from_be_bytes([header[1], header[2], header[3], header[4]]) as usize;
        if length > MAX_FRAME_BYTES {
            return Err(corrupt("frame too large"));
        }
        let payload = read_exact_vec(&mut reader, length)?;
        if tag == TAG_END {
            if payload.as_slice() != hasher.finalize().as_slice() {
                return Err(corrupt("checksum mismatch"));
            }
            let mut rest = Vec::new();
            reader.read_to_end(&mut rest)?;
            return if rest.is_empty() { Ok(()) } else { Err(corrupt("data after the end")) };
        }
        if tag == TAG_POOLED && !pooled {
            return Err(corrupt("a pooled attachment in a self-contained backup"));
        }
        hasher.update(&header);
        hasher.update(&payload);
        visit(tag, payload)?;
    }
}

/// A pooled attachment's frame: its hash and size.
fn pooled(payload: &[u8]) -> Result<(&str, u64), StorageError> {
    let sha = std::str::from_utf8(payload.get(..64).ok_or_else(|| corrupt("pooled attachment"))?)
        .map_err(|_| corrupt("attachment hash"))?;
    let size: [u8; 8] = payload.get(64..72).and_then(|b| b.try_into().ok()).ok_or_else(|| corrupt("pooled size"))?;
    Ok((sha, u64::from_be_bytes(size)))
}

/// Checks a backup file end to end without writing anything: its checksum, and that every
/// attachment it keeps in the pool is there with its size.
pub fn verify(path: &Path) -> Result<(), StorageError> {
    let pool = pool_dir(path.parent().unwrap_or(Path::new(".")));
    walk(path, |tag, payload| {
        if tag == TAG_POOLED {
            let (sha, size) = pooled(&payload)?;
            let found = std::fs::metadata(path_for(&pool, sha)).map(|m| m.len()).ok();
            if found != Some(size) {
                return Err(corrupt("an attachment is missing from the pool"));
            }
        }
        Ok(())
    })
}

/// The attachments (hashes) a backup keeps in its pool.
pub fn pooled_hashes(path: &Path) -> Result<Vec<String>, StorageError> {
    let mut hashes = Vec::new();
    walk(path, |tag, payload| {
        if tag == TAG_POOLED {
            hashes.push(pooled(&payload)?.0.to_owned());
        }
        Ok(())
    })?;
    Ok(hashes)
}

/// Writes `backup` (either form) to `out` as one self-contained file (version 1), so it
/// restores anywhere: each pooled attachment's bytes take its place. The file is verified
/// first, and every pooled file checked against its hash as it is copied. Returns the
/// bytes written.
pub fn write_self_contained(backup: &Path, out: impl Write) -> Result<u64, StorageError> {
    verify(backup)?;
    let pool = pool_dir(backup.parent().unwrap_or(Path::new(".")));
    let mut writer = HashingWriter { inner: out, hasher: Sha256::new(), bytes: 0 };
    writer.put(MAGIC)?;
    walk(backup, |tag, payload| {
        if tag == TAG_POOLED {
            let (sha, size) = pooled(&payload)?;
            writer.attachment_frame(&path_for(&pool, sha), sha, size)
        } else {
            writer.frame(tag, &[&payload])
        }
    })?;
    let digest = writer.hasher.clone().finalize();
    writer.put(&[TAG_END])?;
    writer.put(&32u32.to_be_bytes())?;
    writer.put(&digest)?;
    writer.inner.flush()?;
    Ok(writer.bytes)
}

/// The page cache of the database a restore writes.
const RESTORE_CACHE_BYTES: u64 = 4 * 1024 * 1024;

/// Restores `backup` into `data_dir`, which must hold no database yet. A pooled backup's
/// attachments come from the pool beside it.
pub fn restore(backup: &Path, data_dir: &Path) -> Result<BackupSummary, StorageError> {
    verify(backup)?;
    let pool = pool_dir(backup.parent().unwrap_or(Path::new(".")));
    let db_dir = data_dir.join("db");
    if db_dir.exists() && std::fs::read_dir(&db_dir)?.next().is_some() {
        return Err(StorageError::Invalid(format!("{} already holds a database", db_dir.display())));
    }
    super::attachments::prepare_dir(data_dir)?;
    // sled's own default cache is 1 GiB: a restore writes every record once and reads
    // none back, so a small cache is as fast and keeps the running server's trial
    // restores (`backups.rs`) from holding the whole database in memory.
    let db = sled::Config::new().path(&db_dir).cache_capacity(RESTORE_CACHE_BYTES).open()?;
    let mut summary = BackupSummary::default();
    let mut current: Option<sled::Tree> = None;
    walk(backup, |tag, payload| {
        match tag {
            TAG_TREE => {
                let name = std::str::from_utf8(&payload).map_err(|_| corrupt("tree name"))?;
                if !tree::ALL.contains(&name) {
                    return Err(corrupt("unknown tree"));
                }
                current = Some(db.open_tree(name)?);
            }
            TAG_ENTRY => {
                let tree = current.as_ref().ok_or_else(|| corrupt("entry before tree"))?;
                let key_length = payload
                    .get(..4)
                    .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
                    .ok_or_else(|| corrupt("entry"))?;
                let key = payload.get(4..4 + key_length).ok_or_else(|| corrupt("entry key"))?;
                tree.insert(key, &payload[4 + key_length..])?;
                summary.entries += 1;
            }
            TAG_ATTACHMENT => {
                let sha = std::str::from_utf8(payload.get(..64).ok_or_else(|| corrupt("attachment"))?)
                    .map_err(|_| corrupt("attachment hash"))?;
                let bytes = &payload[64..];
                if sha256_hex(bytes) != sha {
                    return Err(corrupt("attachment hash mismatch"));
                }
                let target = path_for(data_dir, sha);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let mut file = File::create(&target)?;
                file.write_all(bytes)?;
                file.sync_all()?;
                summary.attachments += 1;
            }
            TAG_POOLED => {
                let (sha, _) = pooled(&payload)?;
                let bytes = std::fs::read(path_for(&pool, sha))?;
                if sha256_hex(&bytes) != sha {
                    return Err(corrupt("pooled attachment hash mismatch"));
                }
                let target = path_for(data_dir, sha);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let mut file = File::create(&target)?;
                file.write_all(&bytes)?;
                file.sync_all()?;
                summary.attachments += 1;
            }
            _ => return Err(corrupt("unknown frame")),
        }
        Ok(())
    })?;
    db.flush()?;
    drop(current);
    drop(db);
    summary.bytes = std::fs::metadata(backup)?.len();
    // Opening runs the same checks as a normal start (schema version, migrations).
    drop(Store::open(data_dir, StoreOptions::default())?);
    Ok(summary)
}
