//! A real browser: Debian's headless Chromium (driven by playwright-core, installed by tests/run.sh)
//! opens the dashboard, a unit page and the finance page of the bundled sample data; every image
//! must load, no request may leave the machine, and the headline figures must be on the page.

use std::path::Path;
use std::process::Command;

use crate::compute_harness::rows;
use crate::harness::*;
use crate::report_pages::rupiah_id;

#[test]
fn the_sample_reports_load_fully_offline_in_chromium() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("tests/browser/check.mjs");
    assert!(
        root.join("tests/browser/node_modules/playwright-core")
            .exists()
            && Path::new("/usr/bin/chromium").exists(),
        "the browser test needs Chromium and playwright-core: run tests/run.sh, which installs both"
    );
    let tmp = temp();
    let data = root.join("sample-data");
    let run = kinerja(
        tmp.path(),
        &[
            "run",
            data.to_str().unwrap(),
            "--period",
            "2026-10",
            "--warehouse",
            "wh",
            "--out",
            "out",
        ],
    );
    run.success();
    assert!(
        run.stderr.contains("index.html"),
        "run says where the report is: {}",
        run.stderr
    );
    let report = tmp.path().join("out/2026-10/report");
    let unit_page = std::fs::read_dir(&report)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("unit-D001.")
        })
        .expect("a bidang page");
    // A unit with someone to coach, chosen from the compliance table (highest score first).
    let compliance = rows(&tmp.path().join("out/2026-10/tables/compliance.csv"));
    let to_coach = compliance
        .iter()
        .find(|r| r["score"].parse::<i64>().unwrap() > 0)
        .expect("the sample has someone to coach");
    let coaching_page = report.join(kinerja::report::pages::unit_href(&to_coach["unit_id"]));
    let pages = [
        report.join("index.html"),
        unit_page,
        report.join("allowance.html"),
        coaching_page,
    ];
    let out = Command::new("node")
        .arg(&script)
        .args(&pages)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    for (n, page) in results.as_array().unwrap().iter().enumerate() {
        let file = page["file"].as_str().unwrap();
        let images = page["images"].as_array().unwrap();
        // The dashboard and the unit pages carry charts; the finance page is tables only.
        assert!(n == 2 || !images.is_empty(), "{file} has charts");
        for image in images {
            assert!(
                image["complete"].as_bool().unwrap() && image["width"].as_u64().unwrap() > 0,
                "{file}: image {image} did not load"
            );
            assert!(
                image["data"].as_bool().unwrap(),
                "{file}: charts are embedded"
            );
        }
        for request in page["requests"].as_array().unwrap() {
            let url = request.as_str().unwrap();
            assert!(
                url.starts_with("file://") || url.starts_with("data:"),
                "{file} requested {url}"
            );
        }
        assert!(
            page["failed"].as_array().unwrap().is_empty(),
            "{file}: failed requests {}",
            page["failed"]
        );
        assert_eq!(page["scripts"], 0, "{file}: pages need no script");
    }

    // Headline figures, worked out from the tables independently of the pages.
    let tables = tmp.path().join("out/2026-10/tables");
    let allowance = rows(&tables.join("allowance.csv"));
    let net: i64 = allowance
        .iter()
        .map(|r| r["net"].parse::<i64>().unwrap())
        .sum();
    let employees = rows(&tables.join("employee_month.csv")).len();
    let dashboard = results[0]["text"].as_str().unwrap();
    assert!(
        dashboard.contains(&rupiah_id(net)),
        "dashboard shows net {}",
        rupiah_id(net)
    );
    assert!(dashboard.contains(&employees.to_string()) && dashboard.contains("Oktober 2026"));
    let finance = results[2]["text"].as_str().unwrap();
    assert!(finance.contains(&rupiah_id(net)));

    // The distribution curve (SPEC 9): the sample rates every agency and some sub-units. The
    // dashboard's section lists every rated unit and says how many bounds fail; the agency's
    // page shows its own curve.
    let rated = rows(&tables.join("distribution.csv"));
    let bounds = rows(&tables.join("distribution_bounds.csv"));
    assert!(rated.len() >= 3, "the sample rates units");
    assert!(
        dashboard.contains("Kurva distribusi predikat"),
        "{dashboard}"
    );
    let failing_units: std::collections::BTreeSet<&str> = bounds
        .iter()
        .filter(|b| b["holds"] == "false")
        .map(|b| b["unit_id"].as_str())
        .collect();
    assert!(
        !failing_units.is_empty(),
        "some sample curves breach their bounds"
    );
    let said = dashboard.matches("batas tidak terpenuhi").count();
    assert_eq!(said, failing_units.len(), "one status per failing unit");
    let agency = rated
        .iter()
        .find(|r| r["unit_id"] == "D001")
        .expect("D001 is rated");
    let unit_text = results[1]["text"].as_str().unwrap();
    let org = match agency["org_predikat"].as_str() {
        "istimewa" => "Istimewa",
        "baik" => "Baik",
        "butuh_perbaikan" => "Butuh perbaikan",
        other => panic!("unexpected {other}"),
    };
    assert!(
        unit_text.contains(&format!("Predikat organisasi: {org}")),
        "{unit_text}"
    );
    assert!(unit_text.contains(agency["rated_employees"].as_str()));

    // Who needs coaching (SPEC 7): the dashboard counts the tiers; the unit's page lists the
    // employee with the unit's highest score, with that score.
    assert!(
        dashboard.contains("Kepatuhan pencatatan per unit kerja"),
        "{dashboard}"
    );
    let coaching = results[3]["text"].as_str().unwrap();
    assert!(coaching.contains("Prioritas pembinaan"), "{coaching}");
    let at = coaching
        .find(to_coach["name"].as_str())
        .expect("listed by name");
    assert!(
        coaching[at..].contains(to_coach["score"].as_str()),
        "{coaching}"
    );

    // What changed since last month (SPEC 10): September is not in `--out` (this run computed
    // October only), so compute worked it out in scratch; the dashboard says how the gross
    // moved, with September's and October's totals, and D001's page its own.
    let changes = rows(&tables.join("changes.csv"));
    let overall = changes.iter().find(|r| r["scope"] == "all").unwrap();
    let october: i64 = allowance
        .iter()
        .map(|r| r["gross"].parse::<i64>().unwrap())
        .sum();
    assert_eq!(overall["gross"], october.to_string());
    assert!(
        dashboard.contains("Apa yang berubah sejak September 2026"),
        "{dashboard}"
    );
    let prev: i64 = overall["gross_prev"].parse().unwrap();
    let delta = october - prev;
    let moved = if delta > 0 { "naik" } else { "turun" };
    assert!(
        dashboard.contains(&format!("TPP bruto {moved} {}", rupiah_id(delta.abs()))),
        "{dashboard}"
    );
    assert!(dashboard.contains(&format!("{} → {}", rupiah_id(prev), rupiah_id(october))));
    assert!(dashboard.contains("Unit dengan perubahan terbesar"));
    let d001 = changes
        .iter()
        .find(|r| r["unit_id"] == "D001" && r["scope"] == "rollup")
        .unwrap();
    assert!(
        unit_text.contains(&format!(
            "{} → {}",
            rupiah_id(d001["gross_prev"].parse().unwrap()),
            rupiah_id(d001["gross"].parse().unwrap())
        )),
        "{unit_text}"
    );
    assert!(
        results[1]["images"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["alt"]
                .as_str()
                .unwrap()
                .starts_with("Perubahan TPP bruto")),
        "D001's waterfall"
    );
}
