//! The one error type. Every message is Chinese and fit to show the secretary as it is.

use serde::ser::SerializeStruct;
use std::fmt;

use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: the message names the field and the value.
    #[error("{0}")]
    Invalid(String),
    #[error("找不到{what}：{key}")]
    NotFound { what: &'static str, key: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{}", import_message(.0))]
    Import(Vec<ImportError>),
    #[error("尚未打开台账文件")]
    NoLedger,
    /// An encrypted ledger without its password, or with a wrong one: the window asks for it.
    #[error("{0}")]
    Locked(String),
    #[error("文件无法读取：{0}")]
    Format(String),
    #[error("台账数据库出错：{}", database_reason(.0))]
    Database(#[from] rusqlite::Error),
    #[error("{}", migration_message(.0))]
    Migration(#[from] rusqlite_migration::Error),
    #[error("文件读写失败：{}", io_reason(.0))]
    Io(#[from] std::io::Error),
    #[error("表格文件写入失败：{}", xlsx_reason(.0))]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("图表绘制失败：{0}")]
    Chart(String),
    /// A worker thread stopped without an answer: a bug, never the secretary's doing.
    #[error("程序内部错误，操作未完成：{0}")]
    Internal(String),
}

/// One refused cell or row of an import, named so the secretary can find it in her file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImportError {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行", self.row)?;
        if !self.column.is_empty() {
            write!(f, "「{}」", self.column)?;
        }
        if !self.value.is_empty() {
            write!(f, "“{}”", self.value)?;
        }
        write!(f, "：{}", self.message)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn import_message(errors: &[ImportError]) -> String {
    let mut msg = format!("导入未执行：发现 {} 处错误，台账未做任何修改。", errors.len());
    for e in errors.iter().take(20) {
        msg.push('\n');
        msg.push_str(&e.to_string());
    }
    if errors.len() > 20 {
        msg.push_str(&format!("\n……另有 {} 处错误", errors.len() - 20));
    }
    msg
}

// Library errors are told in Chinese by their code or kind: their own text is English and means
// nothing to the secretary, so it is never passed through (the log keeps it).

/// What went wrong with the ledger's database, by SQLite's error code.
fn database_reason(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    match e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            C::DatabaseBusy | C::DatabaseLocked => "台账文件正被另一个窗口或程序使用，请稍后重试".into(),
            C::DatabaseCorrupt | C::NotADatabase => "台账文件已损坏或不是支部台账文件，请从备份恢复".into(),
            C::DiskFull => "磁盘空间已满，未能保存，请清理磁盘后重试".into(),
            C::ReadOnly | C::PermissionDenied | C::CannotOpen => {
                "台账文件无法打开或不能写入（文件是否只读？所在文件夹能否写入？）".into()
            }
            C::SystemIoFailure => "读写台账文件时磁盘出错（是否在网络盘或已拔出的 U 盘上？）".into(),
            C::ConstraintViolation => "与台账中已有的记录冲突，未保存".into(),
            C::TooBig => "内容过大，无法保存".into(),
            C::OutOfMemory => "内存不足，操作未完成".into(),
            _ => format!("内部错误（代码 {}）", f.extended_code),
        },
        rusqlite::Error::QueryReturnedNoRows => "要找的记录不存在".into(),
        _ => "内部错误".into(),
    }
}

fn migration_message(e: &rusqlite_migration::Error) -> String {
    use rusqlite_migration::{Error as M, MigrationDefinitionError as D, SchemaVersionError as V};
    match e {
        M::MigrationDefinition(D::DatabaseTooFarAhead) | M::SpecifiedSchemaVersion(V::TooHigh) => {
            "台账文件来自更新版本的支部台账，请升级本程序后再打开".into()
        }
        M::InvalidUserVersion => "台账文件的版本号已被其他程序改动，无法升级，请从备份恢复".into(),
        M::RusqliteError { err, .. } => format!("台账结构升级失败：{}", database_reason(err)),
        M::ForeignKeyCheck(_) => "台账结构升级失败：升级后的记录相互引用不一致，台账未做修改".into(),
        _ => "台账结构升级失败（内部错误），台账未做修改".into(),
    }
}

/// What went wrong reading or writing a file, by its kind.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let reason = match e.kind() {
        K::NotFound => "找不到文件或文件夹",
        K::PermissionDenied => "没有权限（文件可能为只读，或正被其他程序打开）",
        K::AlreadyExists => "文件已存在",
        K::StorageFull | K::QuotaExceeded => "磁盘空间已满",
        K::UnexpectedEof => "文件不完整（可能被截断）",
        K::InvalidData => "文件内容无效",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中有一段不是文件夹",
        K::ReadOnlyFilesystem => "磁盘为只读",
        K::FileTooLarge => "文件过大",
        K::InvalidFilename => "文件名无效",
        K::ResourceBusy => "文件正被其他程序使用",
        K::TimedOut => "读写超时",
        K::Interrupted => "读写被中断",
        _ => "读写出错",
    };
    match e.raw_os_error() {
        Some(code) if !matches!(e.kind(), K::NotFound | K::PermissionDenied) => {
            format!("{reason}（系统错误代码 {code}）")
        }
        _ => reason.into(),
    }
}

fn xlsx_reason(e: &rust_xlsxwriter::XlsxError) -> String {
    use rust_xlsxwriter::XlsxError as X;
    match e {
        X::IoError(io) => io_reason(io),
        // A streamed sheet's rows wait in a temporary file: the folder for them could not be used.
        X::TempFileError(_, io) => io_reason(io),
        X::MaxStringLengthExceeded => "有单元格的文字超过 32,767 个字符（Excel 单元格的上限）".into(),
        X::RowColumnLimitError => "行数或列数超过 Excel 工作表的上限".into(),
        _ => "表格生成出错（内部错误）".into(),
    }
}

impl Error {
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::Invalid(msg.into())
    }

    /// Stable code the UI branches on.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Import(_) => "import",
            Error::NoLedger => "no_ledger",
            Error::Locked(_) => "locked",
            Error::Format(_) => "format",
            Error::Database(_) | Error::Migration(_) => "database",
            Error::Io(_) | Error::Xlsx(_) | Error::Chart(_) => "io",
            Error::Internal(_) => "internal",
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Error", 2)?;
        st.serialize_field("kind", self.kind())?;
        st.serialize_field("message", &self.to_string())?;
        st.end()
    }
}
