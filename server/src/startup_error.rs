//! A start-up or command failure said in one line, in Chinese and English: what went
//! wrong, where, and what to do. `--verbose` prints the whole chain instead.

use std::io::ErrorKind;

/// The most telling I/O error kind in the chain, if any.
fn io_kind(error: &anyhow::Error) -> Option<ErrorKind> {
    error.chain().find_map(|cause| cause.downcast_ref::<std::io::Error>()).map(std::io::Error::kind)
}

/// `错误：… | error: …` on one line.
pub fn one_line(error: &anyhow::Error) -> String {
    let place = error.to_string();
    let all = format!("{error:#}");
    let (zh, en) = if all.contains("could not acquire lock") || all.contains("Resource temporarily unavailable") {
        (
            format!("{place}：数据目录正被另一个运行中的服务器使用。请先停止它（一个数据目录只能由一个服务器打开）"),
            format!(
                "{place}: the data directory is in use by another running server. Stop it first (one server per data directory)"
            ),
        )
    } else {
        match io_kind(error) {
            Some(ErrorKind::AddrInUse) => (
                format!("{place}：该地址和端口已被占用。请换一个 --bind，或先停止占用它的程序"),
                format!("{place}: the address and port are taken. Choose another --bind, or stop the program using it"),
            ),
            Some(ErrorKind::AddrNotAvailable) => (
                format!("{place}：本机没有这个地址。请用 0.0.0.0 或本机的一个地址"),
                format!("{place}: this machine has no such address. Use 0.0.0.0 or one of its addresses"),
            ),
            Some(ErrorKind::PermissionDenied) => (
                format!("{place}：没有权限（{all}）。请检查运行用户对该目录或端口的权限（1024 以下的端口需要特权）"),
                format!(
                    "{place}: permission denied ({all}). Check the running user's rights on the directory or port (ports below 1024 need privileges)"
                ),
            ),
            Some(ErrorKind::NotFound) => (
                format!("{place}：找不到文件或目录（{all}）。请检查路径"),
                format!("{place}: no such file or directory ({all}). Check the path"),
            ),
            Some(ErrorKind::StorageFull) | Some(ErrorKind::QuotaExceeded) => (
                format!("{place}：磁盘已满。请先腾出空间"),
                format!("{place}: the disk is full. Free some space first"),
            ),
            _ => (format!("{all}（加 --verbose 查看详情）"), format!("{all} (add --verbose for details)")),
        }
    };
    format!("错误：{zh} | error: {en}").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn a_taken_port_is_one_line_in_both_languages() {
        let error = Err::<(), _>(std::io::Error::from(ErrorKind::AddrInUse))
            .context("listening on 127.0.0.1:8080")
            .unwrap_err();
        let line = one_line(&error);
        assert!(!line.contains('\n'));
        assert!(line.starts_with("错误：listening on 127.0.0.1:8080：该地址和端口已被占用"), "{line}");
        assert!(line.contains("| error: listening on 127.0.0.1:8080: the address and port are taken"), "{line}");
    }
}
