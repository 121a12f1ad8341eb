//! Opening a `.mpk`: every check runs before anything is read from it, then files are
//! decrypted page by page on demand, through a small cache of decrypted pages.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::{Arc, Mutex};

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce, Tag};
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};

use super::format::{
    check_runtime, page_aad, page_nonce, unwrap_key, FileEntry, Header, Manifest, HEADER_LEN,
    SIGNATURE_LEN,
};
use super::MpkError;
use crate::package::keys::key_id;
use crate::package::Trust;

/// Most decrypted pages kept.
const CACHE_PAGES: usize = 64;
/// Most decrypted bytes kept (bounds the cache when pages are large).
const CACHE_BYTES: usize = 4 * 1024 * 1024;
/// Chunk size when hashing a data section read from a file.
const HASH_CHUNK: usize = 64 * 1024;

/// Where the package's bytes are.
enum Source {
    /// The whole package in memory (an APK asset, a fuzz input).
    Bytes(Vec<u8>),
    /// An open file, read at offsets. Rewriting the file after open cannot slip anything
    /// past the reader: every page is checked against its signed tag when read.
    File { file: Mutex<File>, path: String },
}

impl Source {
    /// Reads exactly `buf.len()` bytes at `pos`.
    fn read_at(&self, pos: u64, buf: &mut [u8]) -> Result<(), MpkError> {
        match self {
            Source::Bytes(b) => {
                let src = usize::try_from(pos)
                    .ok()
                    .and_then(|start| b.get(start..start.checked_add(buf.len())?))
                    .ok_or(MpkError::Truncated {
                        len: b.len() as u64,
                        expected: pos.saturating_add(buf.len() as u64),
                    })?;
                buf.copy_from_slice(src);
                Ok(())
            }
            Source::File { file, path } => {
                let io = |source| MpkError::Io {
                    path: path.clone(),
                    source,
                };
                // A poisoned lock only means another reader panicked mid-read; the file
                // handle itself is still usable because every read seeks first.
                let mut f = file.lock().unwrap_or_else(|p| p.into_inner());
                f.seek(SeekFrom::Start(pos)).map_err(io)?;
                f.read_exact(buf).map_err(io)
            }
        }
    }
}

/// (file index, page index).
type PageKey = (u32, u64);

/// A small LRU of decrypted pages, most recently used last.
#[derive(Default)]
struct PageCache {
    pages: VecDeque<(PageKey, Arc<Vec<u8>>)>,
    bytes: usize,
}

impl PageCache {
    fn get(&mut self, key: PageKey) -> Option<Arc<Vec<u8>>> {
        let i = self.pages.iter().position(|(k, _)| *k == key)?;
        let entry = self.pages.remove(i)?;
        let page = entry.1.clone();
        self.pages.push_back(entry);
        Some(page)
    }

    fn insert(&mut self, key: PageKey, page: Arc<Vec<u8>>) {
        if page.len() > CACHE_BYTES {
            return;
        }
        self.bytes += page.len();
        self.pages.push_back((key, page));
        while self.pages.len() > CACHE_PAGES || self.bytes > CACHE_BYTES {
            match self.pages.pop_front() {
                Some((_, p)) => self.bytes -= p.len(),
                None => break,
            }
        }
    }
}

/// An opened, verified package.
pub(crate) struct MpkReader {
    header: Header,
    manifest: Manifest,
    index: HashMap<String, usize>,
    cipher: Aes256Gcm,
    source: Source,
    cache: Mutex<PageCache>,
}

impl std::fmt::Debug for MpkReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MpkReader")
            .field("appid", &self.manifest.appid)
            .field("version", &self.manifest.version)
            .field("files", &self.manifest.files.len())
            .finish_non_exhaustive()
    }
}

/// Header, manifest and signature parsed and checked for structure only (no keys).
pub(crate) struct Front {
    pub header: Header,
    pub manifest: Manifest,
    pub index: HashMap<String, usize>,
    pub signature: [u8; SIGNATURE_LEN],
}

/// Parses the front of a package: `bytes` holds at least the header; `rest` reads the
/// manifest and signature that follow it. Checks the header and that the package is
/// exactly `total` bytes long before reading further.
fn read_front(
    head: &[u8],
    total: u64,
    rest: impl FnOnce(usize) -> Result<Vec<u8>, MpkError>,
) -> Result<(Header, Vec<u8>, [u8; SIGNATURE_LEN]), MpkError> {
    let header = Header::parse(head)?;
    header.check_len(total)?;
    // Bounded by MAX_MANIFEST_BYTES in Header::parse.
    let manifest_len = header.manifest_len as usize;
    let short = || MpkError::Truncated {
        len: total,
        expected: header.total_len(),
    };
    let mut signed = Vec::with_capacity(HEADER_LEN + manifest_len);
    signed.extend_from_slice(head.get(..HEADER_LEN).ok_or_else(short)?);
    let tail = rest(manifest_len + SIGNATURE_LEN)?;
    let (manifest, sig) = tail.split_at_checked(manifest_len).ok_or_else(short)?;
    let signature: [u8; SIGNATURE_LEN] = sig.try_into().map_err(|_| short())?;
    signed.extend_from_slice(manifest);
    Ok((header, signed, signature))
}

/// Parses and structurally validates header and manifest (what `inspect` needs).
pub(crate) fn parse_front(bytes: &[u8], total: u64) -> Result<Front, MpkError> {
    let (header, signed, signature) = read_front(bytes, total, |n| front_bytes(bytes, n))?;
    finish_front(header, &signed, signature)
}

/// The `n` bytes after the header.
fn front_bytes(bytes: &[u8], n: usize) -> Result<Vec<u8>, MpkError> {
    bytes
        .get(HEADER_LEN..HEADER_LEN + n)
        .map(<[u8]>::to_vec)
        .ok_or(MpkError::Truncated {
            len: bytes.len() as u64,
            expected: (HEADER_LEN + n) as u64,
        })
}

fn finish_front(
    header: Header,
    signed: &[u8],
    signature: [u8; SIGNATURE_LEN],
) -> Result<Front, MpkError> {
    let manifest = Manifest::from_bytes(signed.get(HEADER_LEN..).unwrap_or_default())?;
    let index = manifest.validate(header.data_len)?;
    Ok(Front {
        header,
        manifest,
        index,
        signature,
    })
}

/// `UnknownSigner` unless a trusted key has the header's signer id, `BadSignature` unless
/// the signature over header ‖ manifest verifies (strictly) with it.
fn check_signature(
    header: &Header,
    signed: &[u8],
    signature: &[u8; SIGNATURE_LEN],
    trust: &Trust,
) -> Result<(), MpkError> {
    let candidates: Vec<&[u8; 32]> = trust
        .signers
        .iter()
        .filter(|k| key_id(k) == header.signer_id)
        .collect();
    if candidates.is_empty() {
        return Err(MpkError::UnknownSigner {
            id: header.signer_id,
        });
    }
    let sig = Signature::from_bytes(signature);
    let ok = candidates.into_iter().any(|k| {
        VerifyingKey::from_bytes(k).is_ok_and(|vk| vk.verify_strict(signed, &sig).is_ok())
    });
    if ok {
        Ok(())
    } else {
        Err(MpkError::BadSignature)
    }
}

/// The content key, unwrapped with a fleet key whose id is the header's.
fn content_key(header: &Header, manifest: &Manifest, trust: &Trust) -> Result<[u8; 32], MpkError> {
    let id = header.fleet_key_id;
    let mut keys: Vec<[u8; 32]> = trust
        .fleet_keys
        .iter()
        .filter(|k| key_id(k) == id)
        .copied()
        .collect();
    if keys.is_empty() {
        if let Some(provide) = &trust.fleet_key_provider {
            keys.extend(provide(&id));
        }
    }
    let unwrapped = keys
        .iter()
        .find_map(|k| unwrap_key(k, &manifest.content_key, &manifest.appid));
    match unwrapped {
        Some(k) => Ok(k),
        None if trust.fleet_keys.is_empty() && keys.is_empty() => Err(MpkError::NoFleetKey { id }),
        None => Err(MpkError::WrongFleetKey { id }),
    }
}

impl MpkReader {
    /// Opens and verifies a package file.
    pub(crate) fn open(path: &Path, trust: &Trust) -> Result<Self, MpkError> {
        let shown = path.display().to_string();
        let io = |source| MpkError::Io {
            path: shown.clone(),
            source,
        };
        let mut file = File::open(path).map_err(io)?;
        let total = file.metadata().map_err(io)?.len();
        let mut head = Vec::with_capacity(HEADER_LEN);
        (&mut file)
            .take(HEADER_LEN as u64)
            .read_to_end(&mut head)
            .map_err(io)?;
        let (header, signed, signature) = read_front(&head, total, |n| {
            let mut buf = vec![0u8; n];
            file.read_exact(&mut buf).map_err(io)?;
            Ok(buf)
        })?;
        check_signature(&header, &signed, &signature, trust)?;
        let front = finish_front(header, &signed, signature)?;
        check_runtime(&front.manifest.min_runtime)?;
        // The data section follows the signature; the file position is already there.
        let mut hasher = Sha256::new();
        let mut left = header.data_len;
        let mut chunk = vec![0u8; HASH_CHUNK];
        while left > 0 {
            let n = usize::try_from(left).map_or(HASH_CHUNK, |l| l.min(HASH_CHUNK));
            file.read_exact(&mut chunk[..n]).map_err(io)?;
            hasher.update(&chunk[..n]);
            left -= n as u64;
        }
        Self::finish(
            front,
            hasher.finalize().into(),
            trust,
            Source::File {
                file: Mutex::new(file),
                path: shown,
            },
        )
    }

    /// Opens and verifies a package held in memory.
    pub(crate) fn from_bytes(bytes: Vec<u8>, trust: &Trust) -> Result<Self, MpkError> {
        let total = bytes.len() as u64;
        let (header, signed, signature) = read_front(&bytes, total, |n| front_bytes(&bytes, n))?;
        check_signature(&header, &signed, &signature, trust)?;
        let front = finish_front(header, &signed, signature)?;
        check_runtime(&front.manifest.min_runtime)?;
        // check_len made sure the data section is exactly the rest of the bytes.
        let start = usize::try_from(header.data_start()).unwrap_or(usize::MAX);
        let digest: [u8; 32] = Sha256::digest(bytes.get(start..).unwrap_or_default()).into();
        Self::finish(front, digest, trust, Source::Bytes(bytes))
    }

    fn finish(
        front: Front,
        data_digest: [u8; 32],
        trust: &Trust,
        source: Source,
    ) -> Result<Self, MpkError> {
        if data_digest != front.manifest.data_sha256 {
            return Err(MpkError::DataDigestMismatch);
        }
        let key = content_key(&front.header, &front.manifest, trust)?;
        Ok(MpkReader {
            header: front.header,
            manifest: front.manifest,
            index: front.index,
            cipher: Aes256Gcm::new(&key.into()),
            source,
            cache: Mutex::new(PageCache::default()),
        })
    }

    pub(crate) fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The index of a normalised path in the file table.
    pub(crate) fn file_index(&self, path: &str) -> Option<usize> {
        self.index.get(path).copied()
    }

    /// Reads and decrypts a whole file.
    pub(crate) fn read_file(&self, file: usize) -> Result<Vec<u8>, MpkError> {
        self.read_pages(file, true)
    }

    /// Decrypts every page of every file (without filling the cache).
    pub(crate) fn check_all_pages(&self) -> Result<(), MpkError> {
        for file in 0..self.manifest.files.len() {
            self.read_pages(file, false)?;
        }
        Ok(())
    }

    fn read_pages(&self, file: usize, cache: bool) -> Result<Vec<u8>, MpkError> {
        let entry = self
            .manifest
            .files
            .get(file)
            .ok_or_else(|| MpkError::Malformed(format!("no file #{file}")))?;
        // Validated at open: size <= MAX_FILE_BYTES, one tag per page.
        let mut out = Vec::with_capacity(usize::try_from(entry.size).unwrap_or(0));
        for page in 0..entry.tags.len() as u64 {
            let bytes = self.page(entry, file, page, cache)?;
            out.extend_from_slice(&bytes);
        }
        Ok(out)
    }

    /// One decrypted page, from the cache or read and checked against its tag.
    fn page(
        &self,
        entry: &FileEntry,
        file: usize,
        page: u64,
        cache: bool,
    ) -> Result<Arc<Vec<u8>>, MpkError> {
        let m = &self.manifest;
        // MAX_FILES keeps file indices within u32.
        let key = (file as u32, page);
        if cache {
            let hit = self.cache.lock().map_or(None, |mut c| c.get(key));
            if let Some(p) = hit {
                return Ok(p);
            }
        }
        let tampered = || MpkError::PageTampered {
            file: entry.path.clone(),
            page,
        };
        let page_size = u64::from(m.page_size);
        let start = page * page_size;
        let tag = entry.tags.get(page as usize).ok_or_else(tampered)?;
        let len = page_size.min(entry.size.saturating_sub(start));
        // len <= page_size <= 1 MiB.
        let mut buf = vec![0u8; len as usize];
        self.source
            .read_at(self.header.data_start() + entry.offset + start, &mut buf)
            .map_err(|e| match e {
                // The file was cut short after it was opened.
                MpkError::Io { source, .. }
                    if source.kind() == std::io::ErrorKind::UnexpectedEof =>
                {
                    tampered()
                }
                MpkError::Truncated { .. } => tampered(),
                other => other,
            })?;
        self.cipher
            .decrypt_in_place_detached(
                Nonce::from_slice(&page_nonce(key.0, page)),
                &page_aad(&m.appid, &m.version, key.0, page),
                &mut buf,
                Tag::from_slice(tag),
            )
            .map_err(|_| tampered())?;
        let buf = Arc::new(buf);
        if cache {
            if let Ok(mut c) = self.cache.lock() {
                c.insert(key, buf.clone());
            }
        }
        Ok(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_cache_is_bounded_and_keeps_recent_pages() {
        let mut c = PageCache::default();
        for i in 0..CACHE_PAGES as u64 + 10 {
            c.insert((0, i), Arc::new(vec![0; 16]));
            // Page 0 stays in use, so it is never the least recently used.
            assert!(c.get((0, 0)).is_some(), "page 0 evicted at {i}");
        }
        assert_eq!(c.pages.len(), CACHE_PAGES);
        assert!(c.get((0, 1)).is_none());
        let big = CACHE_BYTES / 3 + 1;
        for i in 0..4 {
            c.insert((1, i), Arc::new(vec![0; big]));
        }
        assert!(c.bytes <= CACHE_BYTES);
        assert!(c.get((1, 3)).is_some() && c.get((1, 0)).is_none());
        c.insert((2, 0), Arc::new(vec![0; CACHE_BYTES + 1]));
        assert!(c.get((2, 0)).is_none());
    }
}
