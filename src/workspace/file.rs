//! Reading one input file: only regular files, and never more bytes than a limit.
//!
//! The size a file reports is not trusted: `/dev/zero` reports 0 and never ends,
//! and a FIFO blocks whoever opens it until a writer comes. So a path is looked
//! at before it is opened, opened without blocking, looked at again through the
//! handle (it may have been swapped in between), and read through a limit on the
//! bytes actually read.

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Why an input file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file; what it is, in Swedish (`en namngiven rörledning (FIFO)`).
    NotRegular(&'static str),
    /// More bytes than the limit: the size the file reports, or, when it kept
    /// giving bytes beyond what it reported, `None`.
    TooLarge {
        size: Option<u64>,
        limit: u64,
    },
    /// A symbolic link to something that does not exist.
    DanglingLink(std::path::PathBuf),
    Io(io::Error),
}

impl ReadError {
    /// What went wrong, in Swedish, without the file's name.
    pub fn message(&self) -> String {
        match self {
            ReadError::NotRegular(what) => format!("är {what}, ingen vanlig fil"),
            ReadError::TooLarge {
                size: Some(size),
                limit,
            } => format!(
                "är {:.1} MB; högst {} MB läses",
                *size as f64 / 1_048_576.0,
                limit / 1_048_576
            ),
            ReadError::TooLarge { size: None, limit } => {
                format!(
                    "är större än {} MB; högst så mycket läses",
                    limit / 1_048_576
                )
            }
            ReadError::DanglingLink(target) => format!(
                "är en symbolisk länk till `{}`, som inte finns",
                target.display()
            ),
            ReadError::Io(e) => format!("kan inte läsas: {}", io_sv(e)),
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Reads a regular file, at most `limit` bytes of it.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = fs::metadata(path).map_err(|e| match dangling_target(path, &e) {
        Some(target) => ReadError::DanglingLink(target),
        None => ReadError::Io(e),
    })?;
    check_regular(&meta)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    check_regular(&meta)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    let capacity = usize::try_from(meta.len()).unwrap_or(0);
    read_to_limit(file, capacity, limit)
}

/// Reads a stream (standard input) to its end, at most `limit` bytes of it.
pub fn read_stream_limited(stream: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_to_limit(stream, 0, limit)
}

fn read_to_limit(stream: impl Read, capacity: usize, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(capacity);
    stream
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: None, limit });
    }
    Ok(bytes)
}

/// Regular files only: what else it is, named for the message.
pub fn check_regular(meta: &Metadata) -> Result<(), ReadError> {
    if meta.is_file() {
        return Ok(());
    }
    if meta.is_dir() {
        return Err(ReadError::NotRegular("en katalog"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let ty = meta.file_type();
        if ty.is_fifo() {
            return Err(ReadError::NotRegular("en namngiven rörledning (FIFO)"));
        }
        if ty.is_char_device() || ty.is_block_device() {
            return Err(ReadError::NotRegular("en enhetsfil"));
        }
        if ty.is_socket() {
            return Err(ReadError::NotRegular("en socket"));
        }
    }
    Err(ReadError::NotRegular("något annat än en fil"))
}

/// Opens for reading without waiting for a FIFO's writer; reads of a regular
/// file are not affected by the flag.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Where a symbolic link points, when `e` came from following it to nothing.
pub fn dangling_target(path: &Path, e: &io::Error) -> Option<std::path::PathBuf> {
    if e.kind() != io::ErrorKind::NotFound {
        return None;
    }
    let link = fs::symlink_metadata(path).ok()?;
    link.file_type()
        .is_symlink()
        .then(|| fs::read_link(path).ok())
        .flatten()
}

/// An I/O error as a user reads it, in Swedish where it is a common one.
pub fn io_sv(e: &io::Error) -> String {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return "symboliska länkar i en slinga".into();
    }
    use io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "filen eller katalogen finns inte",
        K::PermissionDenied => "behörighet saknas",
        K::StorageFull => "disken är full",
        K::BrokenPipe => "mottagaren slutade läsa",
        K::AlreadyExists => "filen finns redan",
        K::IsADirectory => "är en katalog, ingen fil",
        K::NotADirectory => "en del av sökvägen är ingen katalog",
        K::DirectoryNotEmpty => "katalogen är inte tom",
        K::ReadOnlyFilesystem => "filsystemet är skrivskyddat",
        K::QuotaExceeded => "diskkvoten är slut",
        K::FileTooLarge => "filen är för stor för filsystemet",
        K::InvalidFilename => "ogiltigt filnamn (för långt eller med otillåtna tecken)",
        K::ResourceBusy | K::ExecutableFileBusy => "filen är upptagen av ett annat program",
        K::CrossesDevices => "kan inte flyttas mellan två filsystem",
        K::TooManyLinks => "för många länkar",
        K::Interrupted => "avbröts",
        K::TimedOut => "tog för lång tid",
        K::OutOfMemory => "minnet tog slut",
        K::UnexpectedEof => "filen tog slut för tidigt",
        K::InvalidData => "innehållet kan inte läsas",
        // An error vp made itself (`io::Error::other`) is Swedish already.
        K::Other if e.raw_os_error().is_none() => return e.to_string(),
        _ => {
            return match e.raw_os_error() {
                Some(n) => format!("fel från operativsystemet (nr {n}: {e})"),
                None => e.to_string(),
            };
        }
    };
    text.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 26: the operating system's errors in Swedish too ("File exists").
    #[cfg(unix)]
    #[test]
    fn os_errors_are_said_in_swedish() {
        for (errno, text) in [
            (libc::EEXIST, "filen finns redan"),
            (libc::EISDIR, "är en katalog, ingen fil"),
            (libc::ENOTDIR, "en del av sökvägen är ingen katalog"),
            (libc::EROFS, "filsystemet är skrivskyddat"),
            (libc::ENOSPC, "disken är full"),
            (libc::EACCES, "behörighet saknas"),
            (
                libc::ENAMETOOLONG,
                "ogiltigt filnamn (för långt eller med otillåtna tecken)",
            ),
        ] {
            assert_eq!(io_sv(&io::Error::from_raw_os_error(errno)), text, "{errno}");
        }
        let odd = io_sv(&io::Error::from_raw_os_error(libc::EPROTO));
        assert!(odd.starts_with("fel från operativsystemet (nr"), "{odd}");
        assert_eq!(
            io_sv(&io::Error::other("`x` är ingen katalog")),
            "`x` är ingen katalog"
        );
    }

    #[test]
    fn a_stream_is_read_only_up_to_the_limit() {
        let endless = io::repeat(b'a');
        let err = read_stream_limited(endless, 1024).unwrap_err();
        assert!(matches!(
            err,
            ReadError::TooLarge {
                size: None,
                limit: 1024
            }
        ));
        assert_eq!(read_stream_limited(&b"abc"[..], 3).unwrap(), b"abc");
    }

    #[cfg(unix)]
    #[test]
    fn dev_zero_is_not_read() {
        let err = read_limited(Path::new("/dev/zero"), 1024).unwrap_err();
        assert_eq!(err.message(), "är en enhetsfil, ingen vanlig fil");
    }
}
