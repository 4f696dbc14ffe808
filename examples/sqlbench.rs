// Experiment only (not committed): time SQL files over a folder of Parquet tables.
use polars::prelude::*;
use polars::sql::SQLContext;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut ctx = SQLContext::new();
    for e in std::fs::read_dir(&args[1]).unwrap() {
        let p = e.unwrap().path();
        if p.extension().map(|x| x == "parquet").unwrap_or(false) {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            ctx.register(
                &name,
                LazyFrame::scan_parquet(
                    PlRefPath::new(p.to_string_lossy().as_ref()),
                    Default::default(),
                )
                .unwrap(),
            );
        }
    }
    for f in &args[2..] {
        let sql = std::fs::read_to_string(f).unwrap();
        let t = std::time::Instant::now();
        let engine = if f.contains("mem") {
            Engine::InMemory
        } else {
            Engine::Streaming
        };
        let mut df = ctx
            .execute(&sql)
            .unwrap()
            .collect_with_engine(engine)
            .unwrap()
            .unwrap_single();
        if df.width() > 2 {
            df = df.sort(["unit", "scope"], Default::default()).unwrap();
        }
        let mut file = std::fs::File::create(format!("{f}.csv")).unwrap();
        CsvWriter::new(&mut file).finish(&mut df).unwrap();
        let rss = std::fs::read_to_string("/proc/self/status")
            .unwrap()
            .lines()
            .find(|l| l.starts_with("VmHWM"))
            .unwrap()
            .to_string();
        println!(
            "{f}: {} rows, {:.2} s, {rss}",
            df.height(),
            t.elapsed().as_secs_f64()
        );
    }
}
