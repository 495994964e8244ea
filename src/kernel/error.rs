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
    #[error("文件无法读取：{0}")]
    Format(String),
    #[error("台账数据库出错：{0}")]
    Database(#[from] rusqlite::Error),
    #[error("台账结构升级失败：{0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("文件读写失败：{0}")]
    Io(#[from] std::io::Error),
    #[error("表格文件写入失败：{0}")]
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
