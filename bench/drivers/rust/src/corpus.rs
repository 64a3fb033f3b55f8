//! Documents files, and JSON strings for result lines.
//!
//! A documents file holds, for each document, its length in bytes in decimal, a
//! newline, the UTF-8 document, and a newline. Its name ends in `.documents`
//! when it is timed as one set (bench/README.md).

/// Whether `path` names a documents file to be timed as a set.
pub fn is_documents_file(path: &str) -> bool {
    path.ends_with(".documents")
}

/// Every document of the documents file at `path`, in order.
pub fn read_documents(path: &str) -> Result<Vec<String>, String> {
    let mut documents = Vec::new();
    for_each_input(path, |text| {
        documents.push(text.to_owned());
        Ok(())
    })?;
    Ok(documents)
}

/// Calls `each` with every document of the documents file at `path`, in order.
pub fn for_each_input(
    path: &str,
    mut each: impl FnMut(&str) -> Result<(), String>,
) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let mut rest = &bytes[..];
    while !rest.is_empty() {
        let newline = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("documents file: a length without a newline")?;
        let length: usize = std::str::from_utf8(&rest[..newline])
            .ok()
            .and_then(|n| n.parse().ok())
            .ok_or("documents file: a bad length")?;
        let start = newline + 1;
        let document = rest
            .get(start..start + length)
            .ok_or("documents file: a truncated document")?;
        let text = std::str::from_utf8(document).map_err(|e| format!("documents file: {e}"))?;
        each(text)?;
        rest = rest.get(start + length + 1..).unwrap_or_default();
    }
    Ok(())
}

/// `text` as a JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    gutenberg_post_parser::json::write_string(&mut out, text);
    out
}
