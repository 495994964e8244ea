//! A mistyped command said in Chinese. clap words its own errors in English; its error carries the
//! facts (which argument, which value, what it suggests, the usage line), and this says them.

use clap::error::{ContextKind, ContextValue, ErrorKind};

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    Some(match e.get(kind)? {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join("、"),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("、"),
        ContextValue::Number(n) => n.to_string(),
        _ => return None,
    })
}

/// The message for an error of parsing the command line: what is wrong, the suggestion, the usage.
pub fn message(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "没有“{}”这个命令",
            context(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”"),
        ErrorKind::MissingRequiredArgument => format!("缺少必填的参数：{arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少要执行的命令".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation if value.is_empty() => format!("参数 {arg} 缺少值"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!("参数 {arg} 的值“{value}”无效"),
        ErrorKind::ArgumentConflict => format!(
            "参数 {arg} 不能与 {} 同时使用",
            context(e, ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值的个数不对")
        }
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8 编码）".to_string(),
        _ => "命令写法有误".to_string(),
    };
    if let Some(valid) = context(e, ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        text += &format!("；可选的值：{valid}");
    }
    let suggested = context(e, ContextKind::SuggestedSubcommand).or_else(|| context(e, ContextKind::SuggestedArg));
    if let Some(s) = suggested {
        text += &format!("；是不是要写 {s}？");
    }
    if let Some(usage) = context(e, ContextKind::Usage) {
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        text += &format!(
            "\n用法：{}",
            usage.replace("[OPTIONS]", "[选项]").replace("<COMMAND>", "<命令>")
        );
    }
    text + "\n说明：在命令后加 --help 查看"
}
