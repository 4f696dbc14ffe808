//! The rendered pages for the worked example: figures checked against `expected/`, snapshots of
//! the HTML, charts that decode, escaping and safe file names, language and template overrides.

use std::path::{Path, PathBuf};

use crate::compute_harness::*;
use crate::harness::*;

/// Ingests, computes and reports the (possibly edited) worked example; returns the report folder.
fn reported(c: &Computed, lang: &str) -> PathBuf {
    c.compute("out", "").success();
    kinerja(
        c.dir(),
        &[
            "report", "--period", "2026-10", "--out", "out", "--lang", lang,
        ],
    )
    .success();
    c.dir().join("out/2026-10/report")
}

fn page(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Text between tags, so `<td class="num">Rp 4.277.000</td>` reads as `Rp 4.277.000`.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rupiah form a reader expects, written independently of the engine's formatter.
pub fn rupiah_id(v: i64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    format!("Rp {out}")
}

#[test]
fn the_dashboard_shows_the_expected_headline_figures() {
    let c = worked_example_ingested();
    let dir = reported(&c, "id");
    let index = visible(&page(&dir, "index.html"));
    let expected_units = rows(&worked_example().join("expected/unit_month.csv"));
    let root = expected_units
        .iter()
        .find(|r| r["unit_id"] == "U1" && r["scope"] == "rollup")
        .unwrap();
    let net: i64 = root["net"].parse().unwrap();
    let gross: i64 = root["gross"].parse().unwrap();
    // 17,350 / 25,200 approved over target minutes = 68.8492 %.
    let productivity: f64 = root["productivity"].parse().unwrap();
    for needle in [
        format!("Pegawai {}", root["employees"]),
        format!("Produktivitas {:.1} %", productivity * 100.0).replace('.', ","),
        format!("TPP dibayar (bersih) {}", rupiah_id(net)),
        format!("TPP bruto {}", rupiah_id(gross)),
        "Oktober 2026".to_string(),
        "1 Oktober 2026 – 31 Oktober 2026".to_string(),
    ] {
        assert!(index.contains(&needle), "index lacks `{needle}`:\n{index}");
    }
    // Pending: Andi's two entries.
    assert!(index.contains("Aktivitas belum diverifikasi 2"), "{index}");
}

#[test]
fn the_finance_page_totals_equal_the_allowance_table_to_the_rupiah() {
    let c = worked_example_ingested();
    let dir = reported(&c, "id");
    let finance = visible(&page(&dir, "allowance.html"));
    let allowance = rows(&worked_example().join("expected/allowance.csv"));
    for column in [
        "base",
        "perf_amount",
        "discipline_amount",
        "sanction_cut",
        "gross",
        "bpjs",
        "tax",
        "net",
    ] {
        let total: i64 = allowance
            .iter()
            .map(|r| r[column].parse::<i64>().unwrap())
            .sum();
        assert!(
            finance.contains(&rupiah_id(total)),
            "finance page lacks total {column} {}",
            rupiah_id(total)
        );
    }
    // Every employee who needs a look, with the reason.
    for needle in [
        "Dewi Anggraini",
        "TPP gugur (alpa)",
        "Budi Hartono",
        "Belum dinilai",
        "Tanpa data presensi",
    ] {
        assert!(finance.contains(needle), "finance page lacks `{needle}`");
    }
    let html = page(&dir, "allowance.html");
    assert!(
        html.contains("href=\"../tables/allowance.xlsx\"")
            && html.contains("href=\"../tables/allowance.csv\"")
    );
}

#[test]
fn the_finance_unit_table_gives_each_agency_its_subtotal() {
    // Citra moves to a new seksi U3 under U2: agency U2 then holds U2 (Andi, gross 4,550,000,
    // net 4,277,000) and U3 (Citra, 2,247,000 and 2,112,180), subtotal 6,797,000 and 6,389,180;
    // agency U1 (the root's own employees, Budi and Dewi) 5,440,000 and 4,569,600.
    let c = worked_example_with(|dir| {
        append(dir, "units.csv", "U3,U2,Seksi Data,2026-10\n");
        let path = dir.join("employees.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("Citra Lestari,U2", "Citra Lestari,U3")).unwrap();
    });
    let dir = reported(&c, "id");
    let html = page(&dir, "allowance.html");
    let table = &html[html.find("id=\"unit-totals\"").unwrap()..];
    let rows: Vec<String> = table
        .split("<tr")
        .skip(2)
        .take_while(|r| !r.contains("class=\"total\""))
        .map(visible)
        .map(|r| r.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let subtotals: Vec<&String> = rows
        .iter()
        .filter(|r| r.starts_with("class=\"subtotal\"") || r.contains("Jumlah OPD"))
        .collect();
    assert_eq!(subtotals.len(), 2, "{rows:#?}");
    assert!(
        subtotals[0].contains("Jumlah OPD Dinas Contoh U1 2"),
        "{}",
        subtotals[0]
    );
    assert!(
        subtotals[0].contains(&rupiah_id(5_440_000))
            && subtotals[0].contains(&rupiah_id(4_569_600))
    );
    assert!(
        subtotals[1].contains("Jumlah OPD Bidang Pelayanan U2 2"),
        "{}",
        subtotals[1]
    );
    assert!(
        subtotals[1].contains(&rupiah_id(6_797_000))
            && subtotals[1].contains(&rupiah_id(6_389_180))
    );
    // Each agency's units come before its subtotal.
    let position = |needle: &str| rows.iter().position(|r| r.contains(needle)).unwrap();
    assert!(position("Seksi Data") < position("Jumlah OPD Bidang Pelayanan"));
    assert!(position("Jumlah OPD Dinas Contoh") < position("Seksi Data"));
}

#[test]
fn unit_pages_list_their_employees_and_link_to_their_parent() {
    let c = worked_example_ingested();
    let dir = reported(&c, "id");
    let u2 = visible(&page(&dir, "unit-U2.html"));
    for needle in [
        "Andi Saputra",
        "Rp 4.277.000",
        "Citra Lestari",
        "Rp 2.112.180",
        "Butuh perbaikan",
        "90,0 %",
        "66,7 %",
    ] {
        assert!(u2.contains(needle), "unit page lacks `{needle}`:\n{u2}");
    }
    assert!(
        page(&dir, "unit-U2.html").contains("href=\"unit-U1.html\""),
        "links to its parent"
    );
    assert!(
        page(&dir, "index.html").contains("href=\"unit-U2.html\""),
        "the dashboard links to units"
    );
    assert!(
        page(&dir, "unit-U1.html").contains("href=\"unit-U2.html\""),
        "a parent links to its sub-units"
    );
}

#[test]
fn english_pages_use_english_words_and_number_forms() {
    let c = worked_example_ingested();
    let dir = reported(&c, "en");
    let index = visible(&page(&dir, "index.html"));
    assert!(
        index.contains("Allowance paid (net) Rp 10,958,780"),
        "{index}"
    );
    assert!(
        index.contains("Productivity 68.8 %") && index.contains("October 2026"),
        "{index}"
    );
}

#[test]
fn charts_are_valid_pngs_embedded_and_written_as_files() {
    let c = worked_example_ingested();
    let dir = reported(&c, "id");
    let charts: Vec<PathBuf> = std::fs::read_dir(dir.join("charts"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(
        charts.len() >= 12,
        "10 dashboard charts (4 of them the year's trend) and one per unit: {charts:?}"
    );
    for path in &charts {
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!(info.width, 1200, "{}: A4-width charts", path.display());
        assert!(info.height >= 320, "{}", path.display());
        // Not blank: some pixels are not white.
        assert!(
            buf.chunks(3).any(|p| p != [255, 255, 255]),
            "{} is blank",
            path.display()
        );
    }
    let index = page(&dir, "index.html");
    assert_eq!(index.matches("src=\"data:image/png;base64,").count(), 10);
    assert!(
        !index.contains("http://") && !index.contains("https://"),
        "no network references"
    );
}

#[test]
fn text_from_exports_is_escaped_and_unit_ids_stay_inside_the_report() {
    let c = worked_example_with(|dir| {
        let employees = std::fs::read_to_string(dir.join("employees.csv"))
            .unwrap()
            .replace("Andi Saputra", "<script>alert('x')</script>");
        std::fs::write(dir.join("employees.csv"), employees).unwrap();
        let units = std::fs::read_to_string(dir.join("units.csv"))
            .unwrap()
            .replace("U2,U1,Bidang Pelayanan", "../../evil,U1,<b>Bidang</b> & Co");
        std::fs::write(dir.join("units.csv"), units).unwrap();
        let employees = std::fs::read_to_string(dir.join("employees.csv"))
            .unwrap()
            .replace(",U2,", ",../../evil,");
        std::fs::write(dir.join("employees.csv"), employees).unwrap();
    });
    let dir = reported(&c, "id");
    let pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let evil = pages
        .iter()
        .find(|p| p.starts_with("unit-") && p.contains("evil"))
        .expect("a page for the odd unit id");
    assert!(!evil.contains('/') && !evil.contains(".."), "{evil}");
    assert!(!c.dir().join("out/evil").exists() && !c.dir().join("evil").exists());
    let html = page(&dir, evil);
    assert!(
        html.contains("&lt;script&gt;") && !html.contains("<script>alert"),
        "names are escaped"
    );
    assert!(
        html.contains("&lt;b&gt;Bidang&lt;&#x2f;b&gt; &amp; Co")
            || html.contains("&lt;b&gt;Bidang&lt;/b&gt; &amp; Co"),
        "unit names are escaped"
    );
    // And the CSV for finance neutralises nothing here but keeps the text.
    let allowance =
        std::fs::read_to_string(c.dir().join("out/2026-10/tables/allowance.csv")).unwrap();
    assert!(allowance.contains("<script>alert('x')</script>"));
}

#[test]
fn a_template_folder_overrides_a_page_by_name() {
    let c = worked_example_ingested();
    c.compute("out", "").success();
    let templates = c.dir().join("tpl");
    std::fs::create_dir_all(&templates).unwrap();
    write(
        &templates,
        "index.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom\">Kabupaten {{ headline.net }}</p>{% endblock %}",
    );
    kinerja(
        c.dir(),
        &[
            "report",
            "--period",
            "2026-10",
            "--out",
            "out",
            "--templates",
            "tpl",
        ],
    )
    .success();
    let index = page(&c.dir().join("out/2026-10/report"), "index.html");
    assert!(
        index.contains("<p id=\"custom\">Kabupaten Rp 10.958.780</p>"),
        "{index}"
    );
}

/// Snapshots of the rendered HTML (chart data replaced by their length); `UPDATE_SNAPSHOTS=1`
/// rewrites them after a deliberate change.
#[test]
fn rendered_html_matches_the_snapshots() {
    let c = worked_example_ingested();
    let dir = reported(&c, "id");
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for name in ["index.html", "allowance.html", "unit-U2.html"] {
        let html = page(&dir, name);
        let mut normalised = String::new();
        let mut rest = html.as_str();
        while let Some(start) = rest.find("data:image/png;base64,") {
            normalised.push_str(&rest[..start]);
            let after = &rest[start..];
            let end = after.find('"').unwrap();
            normalised.push_str("data:image/png;base64,…");
            rest = &after[end..];
        }
        normalised.push_str(rest);
        let path = snapshots.join(format!("worked-example-{name}"));
        if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
            std::fs::create_dir_all(&snapshots).unwrap();
            std::fs::write(&path, &normalised).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "no snapshot {}; run with UPDATE_SNAPSHOTS=1",
                path.display()
            )
        });
        assert!(
            expected == normalised,
            "{name} differs from {}; review and run with UPDATE_SNAPSHOTS=1",
            path.display()
        );
    }
}

#[test]
fn the_curve_section_says_which_bound_fails_and_how_many_must_move() {
    // The worked example rated as in queries/tests/distribution.test's first case: U1 (Dinas)
    // baik, U2 (Bidang) istimewa. U1's one rated employee (Dewi, baik) breaks both of its bounds,
    // one employee to move each; U2 (Andi baik, Citra butuh perbaikan) holds.
    let c = worked_example_with(|dir| {
        std::fs::write(
            dir.join("predikat_organisasi.csv"),
            "unit_id,period,org_predikat\nU1,2026-10,Baik\nU2,2026-10,Sangat Baik\n",
        )
        .unwrap()
    });
    let dir = reported(&c, "id");
    let index = visible(&page(&dir, "index.html"));
    assert!(index.contains("Kurva distribusi predikat"), "{index}");
    assert!(
        index.contains("2 batas tidak terpenuhi; 2 pegawai perlu berpindah"),
        "{index}"
    );
    // Failing units first.
    let u1 = index.find("Dinas Contoh").unwrap();
    let u2 = index.find("Terpenuhi").unwrap();
    assert!(u1 < u2, "{index}");
    let unit = visible(&page(&dir, "unit-U1.html"));
    assert!(unit.contains("Predikat organisasi: Baik"), "{unit}");
    assert!(
        unit.contains(
            "Batas «Baik ≤ 70 %» tidak terpenuhi (sekarang 100,0 %): 1 pegawai perlu berpindah \
             predikat agar terpenuhi."
        ),
        "{unit}"
    );
    assert!(
        unit.contains("Batas «Butuh perbaikan + Kurang ≥ 1 pegawai» tidak terpenuhi"),
        "{unit}"
    );
    let u2_page = visible(&page(&dir, "unit-U2.html"));
    assert!(
        u2_page.contains("Predikat organisasi: Istimewa"),
        "{u2_page}"
    );
    assert!(
        u2_page.contains("Semua batas kurva distribusi terpenuhi."),
        "{u2_page}"
    );
}

#[test]
fn each_unit_page_lists_its_employees_to_coach_with_their_score() {
    let c = worked_example_ingested();
    let dir = reported(&c, "id");
    let tables = c.tables("out");
    let compliance = crate::compute_harness::rows(&tables.join("compliance.csv"));
    let index = visible(&page(&dir, "index.html"));
    assert!(
        index.contains("Kepatuhan pencatatan per unit kerja"),
        "{index}"
    );
    let mut listed = 0;
    for row in &compliance {
        let score: i64 = row["score"].parse().unwrap();
        let unit = visible(&page(&dir, &format!("unit-{}.html", row["unit_id"])));
        if score > 0 {
            listed += 1;
            assert!(unit.contains("Prioritas pembinaan"), "{unit}");
            let at = unit
                .find(&row["name"])
                .unwrap_or_else(|| panic!("{} listed", row["name"]));
            assert!(
                unit[at..].contains(&row["score"]),
                "{} with score {score}",
                row["name"]
            );
        }
    }
    assert!(
        listed > 0,
        "the worked example has someone to coach (Budi: not rated)"
    );
}
