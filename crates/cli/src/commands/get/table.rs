//! Plain-text tables as `flux get` prints them: every cell but the last
//! padded to its column's width, columns separated by a tab.

/// Renders `rows` under `headers` (none with `--no-header`).
pub(super) fn render(headers: Option<&[String]>, rows: &[Vec<String>]) -> String {
    let lines: Vec<&[String]> = headers
        .into_iter()
        .chain(rows.iter().map(Vec::as_slice))
        .collect();
    let columns = lines.iter().map(|l| l.len()).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for line in lines {
        let last = line.len().saturating_sub(1);
        for (i, cell) in line.iter().enumerate() {
            // NB: messages may hold newlines; a row stays one line.
            let cell = cell.replace('\n', " ");
            if i == last {
                out.push_str(&cell);
            } else {
                out.push_str(&cell);
                out.extend(std::iter::repeat_n(' ', widths[i] - cell.chars().count()));
                out.push('\t');
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn cells_are_padded_to_their_column_and_tab_separated() {
        let headers = strings(&["NAME", "READY", "MESSAGE"]);
        let rows = vec![
            strings(&["flux-system", "True", "ok"]),
            strings(&["a", "False", "line one\nline two"]),
        ];
        assert_eq!(
            render(Some(&headers), &rows),
            "NAME       \tREADY\tMESSAGE\n\
             flux-system\tTrue \tok\n\
             a          \tFalse\tline one line two\n"
        );
        assert_eq!(render(None, &rows[..1]), "flux-system\tTrue\tok\n");
    }
}
