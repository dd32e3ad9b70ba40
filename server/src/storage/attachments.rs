//! Attachments (design drafts, photos, summaries): the bytes live on disk under the data
//! directory, named by their SHA-256 (so the same file stored twice is one file); the
//! metadata lives in the `attachments` tree. A file is written to a temporary name,
//! fsynced and renamed into place, and its directory fsynced, before the metadata is
//! committed: metadata never points at a file that is not fully on disk.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};
use shared::ids::AttachmentId;

use super::codec::{decode, encode_checked, id_key};
use super::own::AttachmentMeta;
use super::records::AttachmentMetaV1;
use super::records::StoredAttachment;
use super::{StorageError, Store, tree};

/// The largest file accepted: design drafts and photos are 0.1–20 MB (DOMAIN.md).
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;
/// Temporary files older than this are leftovers of a crash, removed by cleanup.
pub const TMP_MAX_AGE: Duration = Duration::from_secs(3600);

fn root(data_dir: &Path) -> PathBuf {
    data_dir.join("attachments")
}

/// The cache of derived thumbnails, beside the content-addressed shards.
const THUMBS: &str = "thumbs";

fn tmp_dir(data_dir: &Path) -> PathBuf {
    root(data_dir).join("tmp")
}

pub(super) fn prepare_dir(data_dir: &Path) -> Result<(), StorageError> {
    std::fs::create_dir_all(tmp_dir(data_dir))?;
    Ok(())
}

/// Where the file with this hash lives: `attachments/ab/abcdef…`.
pub fn path_for(data_dir: &Path, sha256_hex: &str) -> PathBuf {
    root(data_dir).join(sha256_hex.get(..2).unwrap_or("00")).join(sha256_hex)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The content type of a file judged by its first bytes; only the kinds the product
/// shows are accepted (a claimed type is never trusted).
pub fn sniff_content_type(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some("image/webp"),
        [b'%', b'P', b'D', b'F', b'-', ..] => Some("application/pdf"),
        _ => None,
    }
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Writes `bytes` durably under their hash (no-op if the file is already there).
fn write_file(data_dir: &Path, sha: &str, bytes: &[u8]) -> Result<(), StorageError> {
    let target = path_for(data_dir, sha);
    if target.exists() {
        return Ok(());
    }
    let tmp = tmp_dir(data_dir).join(format!("{sha}.{}.part", std::process::id()));
    {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    move_into_place(&tmp, &target)
}

/// Renames a complete, fsynced temporary file to its content address and fsyncs the
/// directory; when the address exists already (the same bytes), the temporary goes.
fn move_into_place(tmp: &Path, target: &Path) -> Result<(), StorageError> {
    if target.exists() {
        std::fs::remove_file(tmp)?;
        return Ok(());
    }
    let parent = target.parent().ok_or_else(|| StorageError::Io("attachment path".into()))?;
    std::fs::create_dir_all(parent)?;
    std::fs::rename(tmp, target)?;
    sync_dir(parent)?;
    Ok(())
}

/// An upload on its way to disk: the body is written to a temporary file chunk by chunk
/// as it arrives, hashed as it goes, so memory holds one chunk whatever the file's size.
/// Dropped before [`Store::commit_incoming`], the temporary file is removed.
#[derive(Debug)]
pub struct Incoming {
    path: PathBuf,
    file: Option<tokio::fs::File>,
    hasher: Sha256,
    size: u64,
    /// The first bytes, kept to judge the file's type.
    head: Vec<u8>,
}

/// Bytes kept to tell a file's type by its start.
const SNIFF_BYTES: usize = 16;

impl Incoming {
    /// Appends a chunk.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), StorageError> {
        use tokio::io::AsyncWriteExt as _;
        if self.head.len() < SNIFF_BYTES {
            let take = (SNIFF_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        self.hasher.update(chunk);
        self.size = self.size.saturating_add(chunk.len() as u64);
        let file = self.file.as_mut().ok_or_else(|| StorageError::Io("upload already finished".into()))?;
        file.write_all(chunk).await?;
        Ok(())
    }

    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The file's start, to judge its type (`sniff_content_type`).
    pub fn head(&self) -> &[u8] {
        &self.head
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn decode_meta(bytes: &[u8]) -> Result<AttachmentMeta, StorageError> {
    let StoredAttachment::V1(meta) = decode(bytes)?;
    Ok(AttachmentMeta::from(meta))
}

/// A new attachment's description, before it has an id.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub content_type: String,
    pub file_name: String,
    pub uploaded_by: shared::ids::UserId,
    pub created_at_unix_ms: i64,
}

impl Store {
    /// Starts an upload: a new temporary file in the attachments' own directory (so the
    /// final rename stays on one file system).
    pub async fn incoming(&self) -> Result<Incoming, StorageError> {
        let mut random = [0u8; 8];
        getrandom::getrandom(&mut random).map_err(|e| StorageError::Io(e.to_string()))?;
        let name: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let path = tmp_dir(self.data_dir()).join(format!("upload-{name}.part"));
        let file = tokio::fs::File::create(&path).await?;
        Ok(Incoming { path, file: Some(file), hasher: Sha256::new(), size: 0, head: Vec::new() })
    }

    /// Finishes an upload: fsyncs the file, moves it to its content address and commits
    /// its metadata; returns once both are durable.
    pub async fn commit_incoming(
        &self,
        mut incoming: Incoming,
        new: NewAttachment,
    ) -> Result<AttachmentMeta, StorageError> {
        let file = incoming.file.take().ok_or_else(|| StorageError::Io("upload already finished".into()))?;
        let sha: String = std::mem::take(&mut incoming.hasher).finalize().iter().map(|b| format!("{b:02x}")).collect();
        let size = incoming.size;
        let tmp = incoming.path.clone();
        let target = path_for(self.data_dir(), &sha);
        let moved = async {
            file.sync_all().await?;
            drop(file);
            tokio::task::spawn_blocking(move || move_into_place(&tmp, &target))
                .await
                .map_err(|e| StorageError::Io(e.to_string()))?
        }
        .await;
        if let Err(error) = moved {
            let _ = std::fs::remove_file(&incoming.path);
            return Err(error);
        }
        self.commit_attachment(sha, size, new).await
    }

    async fn commit_attachment(
        &self,
        sha256_hex: String,
        size_bytes: u64,
        new: NewAttachment,
    ) -> Result<AttachmentMeta, StorageError> {
        let record = AttachmentMeta {
            id: AttachmentId(self.next_id()?),
            sha256_hex,
            size_bytes,
            content_type: new.content_type,
            file_name: new.file_name,
            uploaded_by: new.uploaded_by,
            created_at_unix_ms: new.created_at_unix_ms,
        };
        let value = encode_checked(&StoredAttachment::V1(AttachmentMetaV1::from(&record)))?;
        {
            let _gate = self.write_guard();
            self.tree(tree::ATTACHMENTS)?.insert(id_key(record.id.0), value)?;
        }
        self.durable().await?;
        Ok(record)
    }

    /// Stores a file and its metadata; returns once both are durable.
    pub async fn put_attachment(&self, bytes: Vec<u8>, new: NewAttachment) -> Result<AttachmentMeta, StorageError> {
        if bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(StorageError::Invalid(format!("larger than {MAX_ATTACHMENT_BYTES} bytes")));
        }
        let data_dir = self.data_dir().to_path_buf();
        let meta = tokio::task::spawn_blocking(move || -> Result<(String, u64), StorageError> {
            let sha = sha256_hex(&bytes);
            write_file(&data_dir, &sha, &bytes)?;
            Ok((sha, bytes.len() as u64))
        })
        .await
        .map_err(|e| StorageError::Io(e.to_string()))??;
        self.commit_attachment(meta.0, meta.1, new).await
    }

    /// Removes an upload that no campaign refers to (checked again under the write gate,
    /// so an action referring to it meanwhile keeps it), and its file unless another
    /// upload has the same bytes. Returns whether it was removed.
    pub fn remove_unreferenced_attachment(&self, id: AttachmentId) -> Result<bool, StorageError> {
        let removed = {
            let _exclusive = self.exclusive_guard();
            if !self.campaigns_referencing(id)?.is_empty() {
                return Ok(false);
            }
            let Some(meta) = self.attachment(id)? else { return Ok(false) };
            self.tree(tree::ATTACHMENTS)?.remove(id_key(id.0))?;
            let shared_bytes = self.attachments()?.iter().any(|other| other.sha256_hex == meta.sha256_hex);
            (meta, shared_bytes)
        };
        self.db().flush()?;
        let (meta, shared_bytes) = removed;
        if !shared_bytes {
            let _ = std::fs::remove_file(self.attachment_path(&meta));
            for entry in std::fs::read_dir(root(self.data_dir()).join(THUMBS)).into_iter().flatten().flatten() {
                if entry.file_name().to_string_lossy().starts_with(&meta.sha256_hex) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        Ok(true)
    }

    pub fn attachment(&self, id: AttachmentId) -> Result<Option<AttachmentMeta>, StorageError> {
        self.tree(tree::ATTACHMENTS)?.get(id_key(id.0))?.map(|bytes| decode_meta(&bytes)).transpose()
    }

    pub fn attachment_path(&self, meta: &AttachmentMeta) -> PathBuf {
        path_for(self.data_dir(), &meta.sha256_hex)
    }

    /// Where a derived thumbnail of an attachment is cached (not backed up: it can
    /// always be made again).
    pub fn thumbnail_path(&self, meta: &AttachmentMeta, edge_px: u32) -> PathBuf {
        root(self.data_dir()).join(THUMBS).join(format!("{}-{edge_px}.jpg", meta.sha256_hex))
    }

    /// Every attachment's metadata.
    pub fn attachments(&self) -> Result<Vec<AttachmentMeta>, StorageError> {
        self.tree(tree::ATTACHMENTS)?.iter().values().map(|bytes| decode_meta(&bytes?)).collect()
    }

    /// Removes files no metadata refers to (a crash between the file's rename and the
    /// metadata commit leaves one) and stale temporary files. Returns how many went.
    pub fn remove_orphan_files(&self, min_age: Duration) -> Result<usize, StorageError> {
        let referenced: std::collections::HashSet<String> =
            self.attachments()?.into_iter().map(|m| m.sha256_hex).collect();
        let now = SystemTime::now();
        let old_enough = |path: &Path| {
            std::fs::metadata(path)
                .and_then(|m| m.modified())
                .is_ok_and(|t| now.duration_since(t).unwrap_or_default() >= min_age)
        };
        let mut removed = 0;
        for shard in std::fs::read_dir(root(self.data_dir()))? {
            let shard = shard?.path();
            if !shard.is_dir() || shard.file_name().is_some_and(|n| n == THUMBS) {
                continue;
            }
            let is_tmp = shard == tmp_dir(self.data_dir());
            for file in std::fs::read_dir(&shard)? {
                let path = file?.path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
                let orphan = is_tmp || !referenced.contains(&name);
                if orphan && old_enough(&path) {
                    std::fs::remove_file(&path)?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }
}
