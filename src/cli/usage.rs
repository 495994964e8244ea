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
        text += &format!("\n用法：{}", in_chinese(usage.to_string()));
    }
    text + "\n说明：在命令后加 --help 查看"
}

/// clap's own words and their Chinese, as its help and usage lines write them.
const CLAP_WORDS: [(&str, &str); 12] = [
    ("Usage: ", "用法："),
    ("Commands:", "命令："),
    ("Arguments:", "参数："),
    ("Options:", "选项："),
    (
        "Print this message or the help of the given subcommand(s)",
        "显示本说明，或某个命令的说明",
    ),
    ("Print help", "显示说明"),
    ("Print version", "显示版本"),
    ("[OPTIONS]", "[选项]"),
    ("<COMMAND>", "<命令>"),
    ("[default: ", "[默认："),
    ("[possible values: ", "[可选的值："),
    ("[aliases: ", "[又名："),
];

fn in_chinese(text: String) -> String {
    CLAP_WORDS
        .iter()
        .fold(text, |t, (english, chinese)| t.replace(english, chinese))
}

/// clap's help (`--help`, `help`, `--version`) with its own words in Chinese: the headings, the
/// help and version flags, defaults and choices, and the placeholders of the usage line.
pub fn help(e: &clap::Error) -> String {
    in_chinese(e.render().to_string())
}

/// What the arguments many commands share mean, for those whose command does not say.
const SHARED: [(&str, &str); 28] = [
    ("branch", "哪个支部（支部名称；台账中只有一个支部时可不写）"),
    ("year", "年度，如 2026"),
    ("month", "月份，1–12"),
    ("date", "日期，如 2026-03-01"),
    ("from", "起始日期，如 2026-01-01"),
    ("to", "截止日期，如 2026-12-31"),
    ("json", "以 JSON 输出（供其他程序读取）"),
    ("out", "写到哪里（文件或文件夹）"),
    ("file", "要读取的文件"),
    ("title", "标题"),
    ("note", "备注"),
    ("member", "党员姓名或身份证号"),
    ("name", "名称"),
    ("old", "原来的名称"),
    ("new", "新的名称"),
    ("dir", "文件夹"),
    ("id", "编号（列表中显示的编号）"),
    ("link", "链接，以 http:// 或 https:// 开头"),
    ("source", "来源，如 学习强国"),
    ("summary", "摘要"),
    ("body", "正文"),
    ("module", "扩展模块名称"),
    ("question", "投票的问题（发起时写的原文）"),
    ("opens", "开始投票的日期，如 2026-03-01"),
    ("closes", "截止投票的日期（不写：不截止）"),
    ("option", "选项（发起时写的原文）"),
    ("choices", "所选的选项，每个选项一项"),
    ("activity_title", "所属活动的主题"),
];

/// The command line with a help text for every shared argument its command left without one.
pub fn explained(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|a| match SHARED.iter().find(|(id, _)| a.get_id() == *id) {
        Some((_, help)) if a.get_help().is_none() => a.help(*help),
        _ => a,
    })
    .mut_subcommands(explained)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every argument of every command, as `--help` shows it, says what it means.
    #[test]
    fn every_argument_says_what_it_means() {
        fn unexplained(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
            let path = format!("{path} {}", cmd.get_name());
            for a in cmd.get_arguments() {
                let auto = matches!(a.get_id().as_str(), "help" | "version");
                if !auto && a.get_help().is_none() {
                    out.push(format!("{path} {}", a.get_id()));
                }
            }
            for sub in cmd.get_subcommands() {
                unexplained(sub, &path, out);
            }
        }
        let mut out = Vec::new();
        unexplained(&super::explained(super::super::Cli::command()), "", &mut out);
        assert!(out.is_empty(), "{out:?}");
    }
}
