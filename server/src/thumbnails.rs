//! Thumbnails of uploaded images, made so that no upload can take the server's memory:
//!
//! - the image's size is read from its header and refused above [`MAX_PIXELS`] before any
//!   pixel is decoded, and the decoder itself runs under allocation limits;
//! - one decode at a time, and the permit belongs to the decoding task itself, so a request
//!   that times out does not let a second decode start beside the first;
//! - one decode per image however many ask (they all wait for the same one), and a
//!   failure is remembered (a marker file beside the cache), so it is never tried again;
//! - at most [`QUEUE_MAX`] images wait for a decode; past that the answer is 503 at once
//!   rather than a growing queue.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{Semaphore, watch};

/// The longest edge of a thumbnail: a tablet shows a grid of them, full size on tap.
pub const THUMBNAIL_EDGE_PX: u32 = 480;
/// The most pixels an image may have to be thumbnailed: a 48-megapixel phone photo
/// (8000 × 6000) still is; a decompression bomb of 12000 × 12000 is not.
pub const MAX_PIXELS: u64 = 48_000_000;
/// What the decoder may allocate for one image (a 48 MP RGBA buffer is 192 MB).
pub const DECODE_MAX_ALLOC_BYTES: u64 = 256 * 1024 * 1024;
/// Images decoded at once.
pub const DECODES_AT_ONCE: usize = 1;
/// Distinct images that may wait for a decode.
pub const QUEUE_MAX: usize = 8;

/// Why there is no thumbnail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThumbnailError {
    /// The file is not an image this server will decode (damaged, too large, unknown).
    Unusable(String),
    /// Too many images wait already: try again shortly.
    Busy,
    Io(String),
}

type Outcome = Result<Arc<Vec<u8>>, ThumbnailError>;

#[derive(Debug)]
pub struct Thumbnails {
    permits: Arc<Semaphore>,
    in_flight: Arc<Mutex<HashMap<PathBuf, watch::Receiver<Option<Outcome>>>>>,
    queued: Arc<AtomicUsize>,
    /// Decodes started since the server started (for `/metrics`).
    pub decodes: Arc<AtomicU64>,
    /// Requests answered 503 because the queue was full.
    pub refused_busy: AtomicU64,
}

impl Default for Thumbnails {
    fn default() -> Self {
        Thumbnails {
            permits: Arc::new(Semaphore::new(DECODES_AT_ONCE)),
            in_flight: Arc::new(Mutex::new(HashMap::new())),
            queued: Arc::new(AtomicUsize::new(0)),
            decodes: Arc::new(AtomicU64::new(0)),
            refused_busy: AtomicU64::new(0),
        }
    }
}

fn failed_marker(cached: &Path) -> PathBuf {
    cached.with_extension("failed")
}

impl Thumbnails {
    /// The thumbnail of `source` (an image file), cached at `cached`.
    pub async fn get(&self, source: PathBuf, cached: PathBuf) -> Outcome {
        if let Ok(bytes) = tokio::fs::read(&cached).await {
            return Ok(Arc::new(bytes));
        }
        if tokio::fs::try_exists(failed_marker(&cached)).await.unwrap_or(false) {
            return Err(ThumbnailError::Unusable("failed before".into()));
        }
        enum Next {
            Wait(watch::Receiver<Option<Outcome>>),
            ReadCache,
            Failed,
            Busy,
        }
        let next = {
            let mut in_flight = self.in_flight.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(receiver) = in_flight.get(&cached) {
                Next::Wait(receiver.clone())
            } else if cached.exists() {
                // Checked again under the lock: a decode that just finished wrote its
                // thumbnail or its failure before it left the map.
                Next::ReadCache
            } else if failed_marker(&cached).exists() {
                Next::Failed
            } else if self.queued.load(Ordering::Relaxed) >= QUEUE_MAX {
                Next::Busy
            } else {
                self.queued.fetch_add(1, Ordering::Relaxed);
                let (sender, receiver) = watch::channel(None);
                in_flight.insert(cached.clone(), receiver.clone());
                self.spawn(source, cached.clone(), sender);
                Next::Wait(receiver)
            }
        };
        let mut waiting = match next {
            Next::Wait(receiver) => receiver,
            Next::ReadCache => {
                return tokio::fs::read(&cached).await.map(Arc::new).map_err(|e| ThumbnailError::Io(e.to_string()));
            }
            Next::Failed => return Err(ThumbnailError::Unusable("failed before".into())),
            Next::Busy => {
                self.refused_busy.fetch_add(1, Ordering::Relaxed);
                return Err(ThumbnailError::Busy);
            }
        };
        let outcome = waiting.wait_for(Option::is_some).await.map_err(|_| ThumbnailError::Io("dropped".into()))?;
        outcome.clone().unwrap_or_else(|| Err(ThumbnailError::Io("no outcome".into())))
    }

    /// Makes one thumbnail in a task of its own (it runs to the end even when every
    /// request that asked for it has gone), then tells whoever waits.
    fn spawn(&self, source: PathBuf, cached: PathBuf, sender: watch::Sender<Option<Outcome>>) {
        let (permits, queued, decodes) = (self.permits.clone(), self.queued.clone(), self.decodes.clone());
        let in_flight = self.in_flight.clone();
        let key = cached.clone();
        tokio::spawn(async move {
            let outcome = match permits.acquire_owned().await {
                Err(_) => Err(ThumbnailError::Io("closed".into())),
                Ok(permit) => tokio::task::spawn_blocking(move || {
                    let _permit = permit;
                    decodes.fetch_add(1, Ordering::Relaxed);
                    make_and_cache(&source, &cached)
                })
                .await
                .unwrap_or_else(|e| Err(ThumbnailError::Io(e.to_string()))),
            };
            // Removed before the outcome is sent: a request that comes after finds the
            // cache file (or the failure marker) instead.
            in_flight.lock().unwrap_or_else(PoisonError::into_inner).remove(&key);
            queued.fetch_sub(1, Ordering::Relaxed);
            let _ = sender.send(Some(outcome));
        });
    }
}

/// Decodes `source` within the limits, writes the thumbnail to `cached`, or remembers
/// that it cannot be made.
fn make_and_cache(source: &Path, cached: &Path) -> Outcome {
    let original = std::fs::read(source).map_err(|e| ThumbnailError::Io(e.to_string()))?;
    match make_thumbnail(&original) {
        Ok(small) => {
            if let Some(parent) = cached.parent() {
                // A cache: losing it costs only a new thumbnail, so no fsync.
                let _ = std::fs::create_dir_all(parent);
                let tmp = cached.with_extension("part");
                if std::fs::write(&tmp, &small).is_ok() {
                    let _ = std::fs::rename(&tmp, cached);
                }
            }
            Ok(Arc::new(small))
        }
        Err(detail) => {
            if let Some(parent) = cached.parent() {
                let _ = std::fs::create_dir_all(parent);
                let _ = std::fs::write(failed_marker(cached), detail.as_bytes());
            }
            Err(ThumbnailError::Unusable(detail))
        }
    }
}

/// A JPEG thumbnail of an image, or why not. The size is checked from the header before
/// anything is decoded.
pub fn make_thumbnail(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let reader = || image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format();
    let (width, height) = reader().map_err(|e| e.to_string())?.into_dimensions().map_err(|e| e.to_string())?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!("{width} × {height} pixels is more than {MAX_PIXELS}"));
    }
    let mut reader = reader().map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(DECODE_MAX_ALLOC_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| e.to_string())?;
    let small = image.thumbnail(THUMBNAIL_EDGE_PX, THUMBNAIL_EDGE_PX).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&small).map_err(|e| e.to_string())?;
    Ok(out)
}
