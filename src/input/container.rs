//! Checks on a workbook's container before calamine opens it, so that a hostile or broken file is
//! refused with a clear message instead of making meibo allocate what the file merely claims.
//!
//! - XLSX/ODS (zip): every part is inflated once into a counting sink, capped: the parts together
//!   may unpack to at most [`unpacked_limit`] (100 × the file, at least 200 MiB) — the sizes a zip
//!   declares are checked first but not trusted. A damaged zip is named as such; a shared-string
//!   count larger than its part could hold (calamine reserves that many strings) is refused.
//! - XLS (OLE compound file): a password-protected XLSX is an OLE file holding `EncryptedPackage`;
//!   otherwise the BIFF records of the `Workbook` stream are scanned, and a sheet whose declared
//!   (DIMENSIONS) or used area is far larger than the cells it holds is refused, since calamine
//!   lays every sheet out densely when it opens the file.

use std::io::{Cursor, Read, Write};
use std::path::Path;

use anyhow::{bail, Result};

use crate::lang::Lang;

/// Unpacked bytes allowed for a zip container of `packed` bytes.
pub fn unpacked_limit(packed: u64) -> u64 {
    (packed.saturating_mul(100)).max(200 << 20)
}

/// Cells a sheet may be laid out on (header width × rows, or a DIMENSIONS record) for `filled`
/// non-empty cells: a generous floor, then 16 per filled cell. Real exports are far denser.
pub fn area_limit(filled: u64) -> u64 {
    4_000_000 + filled.saturating_mul(16)
}

pub fn password_message(path: &Path, lang: Lang) -> anyhow::Error {
    anyhow::anyhow!(
        "{}: {}",
        path.display(),
        lang.pick(
            "ブックがパスワードで保護（暗号化）されています。パスワードを外して保存し直してから指定してください",
            "the workbook is password-protected (encrypted); save it without a password and try again"
        )
    )
}

fn damaged(path: &Path, lang: Lang, detail: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!(
        "{}: {} ({detail})",
        path.display(),
        lang.pick(
            "ブックが壊れているか途中で切れています。Excel で開き直して保存し直してください",
            "the workbook is damaged or truncated; open it in Excel and save it again"
        )
    )
}

/// Counts what is written and keeps the first bytes (for the shared-string count).
struct Probe {
    written: u64,
    head: Vec<u8>,
}

impl Write for Probe {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written += buf.len() as u64;
        let room = 4096usize.saturating_sub(self.head.len());
        self.head.extend_from_slice(&buf[..buf.len().min(room)]);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Check a zip container (XLSX, XLSB, ODS).
pub fn check_zip(path: &Path, bytes: &[u8], lang: Lang) -> Result<()> {
    check_zip_except(path, bytes, lang, &[]).map(|_| ())
}

/// [`check_zip`] without inflating the parts at the indexes in `skip` (the caller inflates them
/// within what is left of [`unpacked_limit`]); the bytes the other parts unpack to.
pub fn check_zip_except(
    path: &Path,
    bytes: &[u8],
    lang: Lang,
    skip: &[Option<usize>],
) -> Result<u64> {
    let limit = unpacked_limit(bytes.len() as u64);
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(path, lang, e))?;
    let declared: u64 = (0..archive.len())
        .filter_map(|i| archive.by_index_raw(i).ok().map(|f| f.size()))
        .fold(0u64, u64::saturating_add);
    if declared > limit {
        return Err(bomb(path, bytes.len() as u64, declared, limit, lang));
    }
    let mut total = 0u64;
    for index in 0..archive.len() {
        let mut part = match archive.by_index(index) {
            Ok(part) => part,
            Err(zip::result::ZipError::UnsupportedArchive(text))
                if text.to_ascii_lowercase().contains("password") =>
            {
                return Err(password_message(path, lang));
            }
            Err(e) => return Err(damaged(path, lang, e)),
        };
        if part.is_dir() || skip.contains(&Some(index)) {
            continue;
        }
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let mut probe = Probe {
            written: 0,
            head: Vec::new(),
        };
        let room = limit - total;
        std::io::copy(&mut (&mut part).take(room + 1), &mut probe)
            .map_err(|e| damaged(path, lang, format!("{name}: {e}")))?;
        total += probe.written;
        if total > limit {
            return Err(bomb(path, bytes.len() as u64, total, limit, lang));
        }
        if name.to_ascii_lowercase().ends_with("sharedstrings.xml")
            && !plausible_strings(&probe.head, probe.written)
        {
            let count = attribute_number(&probe.head, b"uniqueCount=\"").unwrap_or(0);
            return Err(damaged(
                path,
                lang,
                format!(
                    "{name}: uniqueCount={count} {}",
                    lang.pick(
                        "は中身の量より多すぎます",
                        "is more strings than the part holds"
                    )
                ),
            ));
        }
    }
    Ok(total)
}

/// A shared-strings part whose `uniqueCount` it could hold: calamine reserves room for that
/// many strings, and each takes at least `<si/>`.
fn plausible_strings(head: &[u8], written: u64) -> bool {
    match attribute_number(head, b"uniqueCount=\"") {
        Some(count) => count <= written / 5 + 1,
        None => true,
    }
}

/// [`check_zip`]'s test of a shared-strings part the caller inflated itself.
pub fn shared_strings_plausible(xml: &[u8]) -> bool {
    plausible_strings(&xml[..xml.len().min(4096)], xml.len() as u64)
}

fn bomb(path: &Path, packed: u64, unpacked: u64, limit: u64, lang: Lang) -> anyhow::Error {
    let mib = |n: u64| n as f64 / (1u64 << 20) as f64;
    anyhow::anyhow!(
        "{}: {} ({:.1} MiB → {} {:.0} MiB; {} {:.0} MiB)",
        path.display(),
        lang.pick(
            "展開すると大きくなりすぎるため読み込みを中止しました（zip 爆弾か壊れたファイルです）",
            "refused: the workbook unpacks to far more than its size (a zip bomb or a damaged file)"
        ),
        mib(packed),
        lang.pick("展開後", "more than"),
        mib(unpacked.min(limit)),
        lang.pick("上限", "limit"),
        mib(limit),
    )
}

/// The decimal number after `key` in `head` (e.g. `uniqueCount="`).
fn attribute_number(head: &[u8], key: &[u8]) -> Option<u64> {
    let at = head.windows(key.len()).position(|w| w == key)? + key.len();
    let digits: Vec<u8> = head[at..]
        .iter()
        .copied()
        .take_while(u8::is_ascii_digit)
        .collect();
    if digits.is_empty() {
        return None;
    }
    // More digits than u64 holds is certainly too many strings.
    Some(
        std::str::from_utf8(&digits)
            .ok()?
            .parse::<u64>()
            .unwrap_or(u64::MAX),
    )
}

/// Check an OLE compound file: an encrypted OOXML package, or a legacy XLS workbook.
pub fn check_ole(path: &Path, bytes: &[u8], lang: Lang) -> Result<()> {
    let mut compound =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(path, lang, e))?;
    if compound.exists("/EncryptedPackage") || compound.exists("/EncryptionInfo") {
        return Err(password_message(path, lang));
    }
    let Some(stream_name) = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .into_iter()
        .find(|name| compound.is_stream(name))
    else {
        bail!(
            "{}: {}",
            path.display(),
            lang.pick(
                "Excel のブックではありません（Workbook ストリームがありません）",
                "not an Excel workbook (the OLE file holds no Workbook stream)"
            )
        );
    };
    let mut stream = compound
        .open_stream(stream_name)
        .map_err(|e| damaged(path, lang, e))?;
    let mut biff = Vec::new();
    // The stream cannot be longer than the file that holds it.
    (&mut stream)
        .take(bytes.len() as u64)
        .read_to_end(&mut biff)
        .map_err(|e| damaged(path, lang, e))?;
    check_biff(path, &biff, lang)
}

/// One sheet's extents as the BIFF records describe them.
#[derive(Default)]
struct Extents {
    declared: u64,
    cells: u64,
    rows: Option<(u32, u32)>,
    columns: Option<(u32, u32)>,
}

impl Extents {
    fn add(&mut self, row: u32, first_column: u32, last_column: u32) {
        self.cells += 1;
        let (r0, r1) = self.rows.unwrap_or((row, row));
        self.rows = Some((r0.min(row), r1.max(row)));
        let (c0, c1) = self.columns.unwrap_or((first_column, last_column));
        self.columns = Some((c0.min(first_column), c1.max(last_column)));
    }
    fn used(&self) -> u64 {
        match (self.rows, self.columns) {
            (Some((r0, r1)), Some((c0, c1))) => {
                (u64::from(r1 - r0) + 1).saturating_mul(u64::from(c1 - c0) + 1)
            }
            _ => 0,
        }
    }
}

fn check_biff(path: &Path, biff: &[u8], lang: Lang) -> Result<()> {
    let u16_at = |d: &[u8], i: usize| d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |d: &[u8], i: usize| {
        d.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut sheet = Extents::default();
    let mut offset = 0usize;
    while offset + 4 <= biff.len() {
        let kind = u16_at(biff, offset).unwrap_or(0);
        let len = usize::from(u16_at(biff, offset + 2).unwrap_or(0));
        let data = &biff[offset + 4..(offset + 4 + len).min(biff.len())];
        offset += 4 + len;
        match kind {
            // FilePass: the workbook is encrypted.
            0x002F if u16_at(data, 0).unwrap_or(0) != 0 => {
                return Err(password_message(path, lang))
            }
            // BOF / EOF: a substream (sheet) begins or ends.
            0x0809 | 0x000A => {
                finish_sheet(path, &sheet, lang)?;
                sheet = Extents::default();
            }
            // DIMENSIONS, computed as calamine does (it reserves rows × columns cells).
            0x0200 => {
                let (first_row, last_row, mut first_col, last_col) = match data.len() {
                    10 => (
                        u32::from(u16_at(data, 0).unwrap_or(0)),
                        u32::from(u16_at(data, 2).unwrap_or(0)),
                        u32::from(u16_at(data, 4).unwrap_or(0)),
                        u32::from(u16_at(data, 6).unwrap_or(0)),
                    ),
                    14 | 16 => (
                        u32_at(data, 0).unwrap_or(0),
                        u32_at(data, 4).unwrap_or(0),
                        u32::from(u16_at(data, 8).unwrap_or(0)),
                        u32::from(u16_at(data, 10).unwrap_or(0)),
                    ),
                    _ => continue,
                };
                if first_col > 0xFF || last_col < first_col {
                    first_col = 0;
                }
                if last_row >= 1 && last_col >= 1 {
                    let (end_row, end_col) = (last_row - 1, last_col - 1);
                    if end_row < first_row || end_col < first_col {
                        return Err(damaged(path, lang, "DIMENSIONS"));
                    }
                    sheet.declared = (u64::from(end_row - first_row) + 1)
                        .saturating_mul(u64::from(end_col - first_col) + 1);
                }
            }
            // Cell records that calamine keeps: row, column first.
            0x0203 | 0x0204 | 0x00FD | 0x027E | 0x0205 | 0x0006 | 0x00D6 | 0x0207 => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    sheet.add(u32::from(row), u32::from(col), u32::from(col));
                }
            }
            // MULRK: row, first column, …, last column.
            0x00BD => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|i| u16_at(data, i)),
                ) {
                    sheet.add(u32::from(row), u32::from(first), u32::from(last.max(first)));
                }
            }
            _ => {}
        }
    }
    finish_sheet(path, &sheet, lang)
}

fn finish_sheet(path: &Path, sheet: &Extents, lang: Lang) -> Result<()> {
    let limit = area_limit(sheet.cells);
    let area = sheet.declared.max(sheet.used());
    if area > limit {
        bail!(
            "{}: {} ({area} {} {} {})",
            path.display(),
            lang.pick(
                "シートの範囲がセルの数に比べて大きすぎるため読み込みを中止しました（壊れたファイルの可能性があります）",
                "refused: a sheet spans far more cells than it holds (a damaged or hostile file)"
            ),
            lang.pick("セルの範囲に対して値は", "cells of area for"),
            sheet.cells,
            lang.pick("個", "filled cells"),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert_eq!(unpacked_limit(1 << 20), 200 << 20);
        assert_eq!(unpacked_limit(10 << 20), 1000 << 20);
        assert_eq!(
            attribute_number(b"<sst count=\"3\" uniqueCount=\"12\">", b"uniqueCount=\""),
            Some(12)
        );
        assert_eq!(attribute_number(b"<sst>", b"uniqueCount=\""), None);
    }

    #[test]
    fn biff_dimensions_beyond_the_cells_are_refused() {
        let record = |kind: u16, data: &[u8]| {
            let mut r = kind.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let mut dims = Vec::new();
        dims.extend(0u32.to_le_bytes());
        dims.extend(0x0010_0000u32.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        dims.extend(0x100u16.to_le_bytes());
        dims.extend(0u16.to_le_bytes());
        let biff = [record(0x0809, &[0; 16]), record(0x0200, &dims)].concat();
        let error = check_biff(Path::new("x.xls"), &biff, Lang::Ja).unwrap_err();
        assert!(error.to_string().contains("x.xls"), "{error}");
        let small = [record(0x0809, &[0; 16]), record(0x000A, &[])].concat();
        check_biff(Path::new("x.xls"), &small, Lang::Ja).unwrap();
    }
}
