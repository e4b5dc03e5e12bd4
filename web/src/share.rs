//! Share links: the tabs, compressed into the URL fragment. Nothing is sent anywhere: the
//! fragment never leaves the browser, and opening the link decodes it in the page.
//!
//! Format: base64url (no padding) of raw DEFLATE of the JSON `{"v":1,"f":[[path,text],…]}`.
//!
//! In the browser, DEFLATE is the browser's own (`CompressionStream` and
//! `DecompressionStream` with `deflate-raw`, through `boot.js`: `diagnoseShare`), so the page's
//! module carries no compressor; natively (the unit tests) it is `miniz_oxide`. Both write and
//! read the same raw DEFLATE streams, so every link made before opens the same.

/// Decoded links larger than this are refused (a damaged or hostile link must not hang the
/// page).
pub const MAX_DECODED: usize = 8 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not base64url.
    Encoding,
    /// Not a DEFLATE stream, or truncated, or too large once inflated.
    Compression,
    /// Not the JSON shape above, or a newer version.
    Content,
}

/// The link's data for these tabs; `None` if the browser could not compress them.
pub async fn encode(files: &[(String, String)]) -> Option<String> {
    let json = format!("{{\"v\":1,\"f\":{}}}", crate::json::write_files(files));
    let deflated = codec::deflate(json.as_bytes()).await?;
    Some(base64url_encode(&deflated))
}

pub async fn decode(data: &str) -> Result<Vec<(String, String)>, ShareError> {
    let bytes = base64url_decode(data.trim()).ok_or(ShareError::Encoding)?;
    let json = codec::inflate(&bytes, MAX_DECODED)
        .await
        .ok_or(ShareError::Compression)?;
    let text = String::from_utf8(json).map_err(|_| ShareError::Content)?;
    let value = crate::json::parse(&text).ok_or(ShareError::Content)?;
    if value.get("v").and_then(crate::json::u32_of) != Some(1) {
        return Err(ShareError::Content);
    }
    value
        .get("f")
        .and_then(crate::json::files)
        .ok_or(ShareError::Content)
}

/// Raw DEFLATE by the browser (`boot.js`, `diagnoseShare`).
#[cfg(target_arch = "wasm32")]
mod codec {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen]
    extern "C" {
        /// Resolves to the raw DEFLATE of `bytes` (a `Uint8Array`).
        #[wasm_bindgen(js_namespace = diagnoseShare, js_name = deflate)]
        fn js_deflate(bytes: &[u8]) -> js_sys::Promise;
        /// Resolves to the inflated `bytes`; rejects if they are not a whole raw DEFLATE
        /// stream or inflate to more than `limit` bytes.
        #[wasm_bindgen(js_namespace = diagnoseShare, js_name = inflate)]
        fn js_inflate(bytes: &[u8], limit: u32) -> js_sys::Promise;
    }

    async fn bytes(p: js_sys::Promise) -> Option<Vec<u8>> {
        let v = JsFuture::from(p).await.ok()?;
        Some(js_sys::Uint8Array::new(&v).to_vec())
    }

    pub async fn deflate(data: &[u8]) -> Option<Vec<u8>> {
        bytes(js_deflate(data)).await
    }

    pub async fn inflate(data: &[u8], limit: usize) -> Option<Vec<u8>> {
        bytes(js_inflate(data, limit as u32)).await
    }
}

/// Raw DEFLATE by `miniz_oxide` (native builds: the unit tests).
#[cfg(not(target_arch = "wasm32"))]
mod codec {
    pub async fn deflate(data: &[u8]) -> Option<Vec<u8>> {
        Some(miniz_oxide::deflate::compress_to_vec(data, 9))
    }

    pub async fn inflate(data: &[u8], limit: usize) -> Option<Vec<u8>> {
        miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit).ok()
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    if s.len() % 4 == 1 {
        return None;
    }
    // Only trailing padding is allowed in a share link: no other byte is skipped.
    diagnose_core::strings::base64_decode(s, |_| false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::block_on;
    use miniz_oxide::deflate::compress_to_vec;

    fn enc(files: &[(String, String)]) -> String {
        block_on(encode(files)).expect("compressed")
    }

    fn dec(data: &str) -> Result<Vec<(String, String)>, ShareError> {
        block_on(decode(data))
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let enc = base64url_encode(&bytes);
            assert!(!enc.contains(['+', '/', '=']));
            assert_eq!(base64url_decode(&enc).unwrap(), bytes, "len {len}");
        }
        assert_eq!(base64url_encode(b"foob"), "Zm9vYg");
        assert_eq!(base64url_decode("Zm9vYmFy").unwrap(), b"foobar");
    }

    #[test]
    fn tabs_round_trip_with_unicode_and_empty_files() {
        let tabs = vec![
            (
                "docker-compose.yml".to_string(),
                "services:\n  é: {}\n".to_string(),
            ),
            ("empty.yml".to_string(), String::new()),
            (
                "grafana/x.json".to_string(),
                "{\"title\": \"tableau 📈\"}".to_string(),
            ),
        ];
        let enc = enc(&tabs);
        assert!(enc
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(dec(&enc).unwrap(), tabs);
    }

    #[test]
    fn damaged_links_are_errors_not_panics() {
        assert_eq!(dec("!!!"), Err(ShareError::Encoding));
        assert_eq!(dec("A"), Err(ShareError::Encoding));
        assert_eq!(dec("AAAA"), Err(ShareError::Compression));
        let enc = enc(&[("a.yml".into(), "x: 1\n".repeat(50))]);
        assert!(dec(&enc[..enc.len() / 2]).is_err());
        let not_ours = base64url_encode(&compress_to_vec(b"{\"v\":2,\"f\":[]}", 9));
        assert_eq!(dec(&not_ours), Err(ShareError::Content));
        let bad_pair = base64url_encode(&compress_to_vec(b"{\"v\":1,\"f\":[[1,2]]}", 9));
        assert_eq!(dec(&bad_pair), Err(ShareError::Content));
    }

    #[test]
    fn oversized_content_is_refused() {
        let bomb = base64url_encode(&compress_to_vec(&vec![b' '; MAX_DECODED + 10], 9));
        assert_eq!(dec(&bomb), Err(ShareError::Compression));
    }
}
