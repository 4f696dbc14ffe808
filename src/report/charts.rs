//! PNG charts drawn with plotters in the bundled DejaVu Sans (no system fonts needed). Horizontal
//! bars keep long unit names readable; every chart has a title, axis labels and units, and is
//! sized for A4 width (1200 px wide).

use std::sync::Once;

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

pub const WIDTH: u32 = 1200;
const FONT: &str = "sans-serif";
const BAR: RGBColor = RGBColor(37, 99, 235);
const TARGET: RGBColor = RGBColor(220, 38, 38);

static FONTS: Once = Once::new();

fn register_fonts() {
    FONTS.call_once(|| {
        let regular: &'static [u8] = include_bytes!("../../report-templates/fonts/DejaVuSans.ttf");
        let bold: &'static [u8] =
            include_bytes!("../../report-templates/fonts/DejaVuSans-Bold.ttf");
        // The bundled files are valid fonts; a failure here is a build defect.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, regular);
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, bold);
    });
}

pub type ChartError = Box<dyn std::error::Error + Send + Sync>;
pub type ChartResult = Result<(), ChartError>;

/// A drawn chart: its PNG file's bytes and its size in pixels.
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

pub type Drawn = Result<Png, ChartError>;

fn err<E: std::fmt::Display>(e: E) -> ChartError {
    e.to_string().into()
}

/// Draws on a bitmap of `size` and encodes it as PNG with one fixed row filter, Up:
/// charts are flat colours whose rows mostly repeat the row above. Plotters' own encoder tries
/// every filter on every row, which was two thirds of the report's CPU samples; at 100k
/// employees (13,608 charts) the report took 34.2 s with it and 21.4 s with Up, and its charts
/// shrank from 703 to 379 MB. (Fast compression: 16.4 s, but 1.3 GB of charts.)
fn encode_png(size: (u32, u32), draw: impl FnOnce(&Area) -> ChartResult) -> Drawn {
    let mut pixels = vec![0u8; size.0 as usize * size.1 as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, size).into_drawing_area();
        draw(&root)?;
        root.present().map_err(err)?;
    }
    let mut bytes = Vec::new();
    let mut png = png::Encoder::new(&mut bytes, size.0, size.1);
    png.set_color(png::ColorType::Rgb);
    png.set_depth(png::BitDepth::Eight);
    png.set_compression(png::Compression::Default);
    png.set_filter(png::FilterType::Up);
    png.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
    png.write_header()?.write_image_data(&pixels)?;
    Ok(Png {
        bytes,
        width: size.0,
        height: size.1,
    })
}

/// The series' legend box at `position` (MiddleRight is plotters' default).
fn legend<'a, 'b: 'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, BitMapBackend<'b>, CT>,
    position: SeriesLabelPosition,
) -> ChartResult {
    chart
        .configure_series_labels()
        .position(position)
        .label_font((FONT, 15))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(err)?;
    Ok(())
}

fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        label.chars().take(max - 1).collect::<String>() + "…"
    }
}

type Area<'b> = DrawingArea<BitMapBackend<'b>, plotters::coord::Shift>;
type Categories =
    plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordusize>;
type Values = plotters::coord::types::RangedCoordf64;
type Chart<'a, 'b, X, Y> = ChartContext<'a, BitMapBackend<'b>, Cartesian2d<X, Y>>;

fn category_label(labels: &[String], v: &SegmentValue<usize>, max_chars: usize) -> String {
    match v {
        SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => labels
            .get(*i)
            .map(|l| shorten(l, max_chars))
            .unwrap_or_default(),
        SegmentValue::Last => String::new(),
    }
}

/// Categories down the left (long unit or employee names), values across, with the mesh drawn.
fn horizontal<'a, 'b>(
    root: &'a Area<'b>,
    (title, x_desc, y_desc): (&str, &str, &str),
    labels: &[String],
    values: std::ops::Range<f64>,
    x_decimals: usize,
) -> Result<Chart<'a, 'b, Values, Categories>, ChartError> {
    let n = labels.len().max(1);
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FONT, 26).into_font().style(FontStyle::Bold))
        .margin(16)
        .x_label_area_size(50)
        .y_label_area_size(330)
        .build_cartesian_2d(values, (0..n).into_segmented())
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style((FONT, 15))
        .axis_desc_style((FONT, 17))
        .x_label_formatter(&|v| format!("{v:.x_decimals$}"))
        .y_labels(n)
        .y_label_formatter(&|v| category_label(labels, v, 40))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// Short categories along the bottom (days, buckets, periods), values up, with the mesh drawn.
fn vertical<'a, 'b>(
    root: &'a Area<'b>,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    labels: &[String],
    max: f64,
    x_mesh: bool,
) -> Result<Chart<'a, 'b, Categories, Values>, ChartError> {
    let n = labels.len().max(1);
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FONT, 26).into_font().style(FontStyle::Bold))
        .margin(16)
        .x_label_area_size(60)
        .y_label_area_size(80)
        .build_cartesian_2d((0..n).into_segmented(), 0f64..max)
        .map_err(err)?;
    let mut mesh = chart.configure_mesh();
    if !x_mesh {
        mesh.disable_x_mesh();
    }
    mesh.light_line_style(WHITE)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .label_style((FONT, 15))
        .axis_desc_style((FONT, 17))
        .x_labels(n)
        .x_label_formatter(&|v| category_label(labels, v, 24))
        .draw()
        .map_err(err)?;
    Ok(chart)
}

/// Horizontal bars, one per label, with an optional vertical target line.
pub fn hbar(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    labels: &[String],
    values: &[f64],
    target: Option<(f64, &str)>,
) -> Drawn {
    register_fonts();
    // Plotters counts upward; the first item goes on top.
    let labels: Vec<String> = labels.iter().rev().cloned().collect();
    let values: Vec<f64> = values.iter().rev().cloned().collect();
    let n = labels.len().max(1);
    let height = (140 + 28 * n as u32).max(320);
    let max = values
        .iter()
        .cloned()
        .fold(0.0f64, f64::max)
        .max(target.map(|t| t.0 * 1.1).unwrap_or(0.0))
        .max(1e-9)
        * 1.08;
    encode_png((WIDTH, height), |root| {
        root.fill(&WHITE).map_err(err)?;
        let mut chart = horizontal(root, (title, x_desc, y_desc), &labels, 0.0..max, 0)?;
        chart
            .draw_series(values.iter().enumerate().map(|(i, v)| {
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (*v, SegmentValue::Exact(i + 1)),
                    ],
                    BAR.mix(0.85).filled(),
                );
                bar.set_margin(4, 4, 0, 0);
                bar
            }))
            .map_err(err)?;
        // The title names the target; the line needs no legend box over the bars.
        if let Some((t, _)) = target {
            chart
                .draw_series(LineSeries::new(
                    [(t, SegmentValue::Exact(0)), (t, SegmentValue::Last)],
                    TARGET.stroke_width(3),
                ))
                .map_err(err)?;
        }
        Ok(())
    })
}

const LOSS: RGBColor = RGBColor(220, 38, 38);
const GAIN: RGBColor = RGBColor(22, 163, 74);

/// Horizontal bars that may be negative (a change): gains green to the right of zero, losses red
/// to the left.
pub fn hbar_signed(title: &str, x_desc: &str, labels: &[String], values: &[f64]) -> Drawn {
    register_fonts();
    let labels: Vec<String> = labels.iter().rev().cloned().collect();
    let values: Vec<f64> = values.iter().rev().cloned().collect();
    let n = labels.len().max(1);
    let height = (140 + 28 * n as u32).max(320);
    let max = values.iter().cloned().fold(0.0f64, f64::max);
    let min = values.iter().cloned().fold(0.0f64, f64::min);
    let pad = (max - min).max(1e-9) * 0.08;
    encode_png((WIDTH, height), |root| {
        root.fill(&WHITE).map_err(err)?;
        let range =
            if min < 0.0 { min - pad } else { 0.0 }..if max > 0.0 { max + pad } else { pad };
        // Ticks of a small range need a decimal to be told apart.
        let decimals = if max - min < 20.0 { 1 } else { 0 };
        let mut chart = horizontal(root, (title, x_desc, ""), &labels, range, decimals)?;
        chart
            .draw_series(values.iter().enumerate().map(|(i, v)| {
                let colour = if *v < 0.0 { LOSS } else { GAIN };
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (*v, SegmentValue::Exact(i + 1)),
                    ],
                    colour.mix(0.85).filled(),
                );
                bar.set_margin(4, 4, 0, 0);
                bar
            }))
            .map_err(err)?;
        Ok(())
    })
}

const HOLDS: RGBColor = RGBColor(22, 163, 74);

/// One bar per bound of a distribution curve: the actual value (green where the bound holds,
/// red where it fails), with the bound's limit marked across its bar in black.
pub fn bounds(
    title: &str,
    x_desc: &str,
    labels: &[String],
    actual: &[f64],
    limits: &[f64],
    holds: &[bool],
) -> Drawn {
    register_fonts();
    let n = labels.len();
    let rev = |v: &[f64]| v.iter().rev().cloned().collect::<Vec<f64>>();
    let (labels, actual, limits): (Vec<String>, Vec<f64>, Vec<f64>) = (
        labels.iter().rev().cloned().collect(),
        rev(actual),
        rev(limits),
    );
    let holds: Vec<bool> = holds.iter().rev().cloned().collect();
    let height = (140 + 40 * n.max(1) as u32).max(260);
    let max = actual
        .iter()
        .chain(&limits)
        .cloned()
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.1;
    encode_png((WIDTH, height), |root| {
        root.fill(&WHITE).map_err(err)?;
        let mut chart = horizontal(root, (title, x_desc, ""), &labels, 0.0..max, 0)?;
        chart
            .draw_series(actual.iter().zip(&holds).enumerate().map(|(i, (v, ok))| {
                let colour = if *ok { HOLDS } else { TARGET };
                let mut bar = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(i)),
                        (*v, SegmentValue::Exact(i + 1)),
                    ],
                    colour.mix(0.85).filled(),
                );
                bar.set_margin(6, 6, 0, 0);
                bar
            }))
            .map_err(err)?;
        for (i, limit) in limits.iter().enumerate() {
            chart
                .draw_series(LineSeries::new(
                    [
                        (*limit, SegmentValue::Exact(i)),
                        (*limit, SegmentValue::Exact(i + 1)),
                    ],
                    BLACK.stroke_width(4),
                ))
                .map_err(err)?;
        }
        Ok(())
    })
}

/// Vertical bars over short category labels, with an optional line over the same categories.
pub fn vbar(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    labels: &[String],
    values: &[f64],
    line: Option<(&[f64], &str)>,
) -> Drawn {
    register_fonts();
    let max = values
        .iter()
        .chain(line.map(|l| l.0).unwrap_or(&[]))
        .cloned()
        .fold(0.0f64, f64::max)
        .max(1.0)
        * 1.1;
    encode_png((WIDTH, 520), |root| {
        root.fill(&WHITE).map_err(err)?;
        let mut chart = vertical(root, title, x_desc, y_desc, labels, max, false)?;
        chart
            .draw_series(values.iter().enumerate().map(|(i, v)| {
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), *v),
                    ],
                    BAR.mix(0.85).filled(),
                );
                bar.set_margin(0, 0, 3, 3);
                bar
            }))
            .map_err(err)?;
        if let Some((points, label)) = line {
            chart
                .draw_series(LineSeries::new(
                    points
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (SegmentValue::CenterOf(i), *v)),
                    TARGET.stroke_width(3),
                ))
                .map_err(err)?
                .label(label)
                .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], TARGET.stroke_width(3)));
            legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        }
        Ok(())
    })
}

/// A line over periods (values in percent) with a target line at 100.
pub fn trend(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    labels: &[String],
    values: &[f64],
    target: Option<(f64, &str)>,
) -> Drawn {
    register_fonts();
    let max = values
        .iter()
        .cloned()
        .fold(target.map_or(0.0, |t| t.0), f64::max)
        .max(1e-9)
        * 1.15;
    encode_png((WIDTH, 480), |root| {
        root.fill(&WHITE).map_err(err)?;
        let mut chart = vertical(root, title, x_desc, y_desc, labels, max, true)?;
        if let Some((line, target_label)) = target {
            chart
                .draw_series(LineSeries::new(
                    [(SegmentValue::Exact(0), line), (SegmentValue::Last, line)],
                    TARGET.stroke_width(2),
                ))
                .map_err(err)?
                .label(target_label)
                .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], TARGET.stroke_width(2)));
        }
        let points: Vec<(SegmentValue<usize>, f64)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (SegmentValue::CenterOf(i), *v))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), BAR.stroke_width(3)))
            .map_err(err)?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Circle::new(p.clone(), 6, BAR.filled())),
            )
            .map_err(err)?;
        if target.is_some() {
            legend(&mut chart, SeriesLabelPosition::MiddleRight)?;
        }
        Ok(())
    })
}

pub const PREDIKAT_COLORS: [RGBColor; 6] = [
    RGBColor(21, 128, 61),
    RGBColor(74, 222, 128),
    RGBColor(250, 204, 21),
    RGBColor(249, 115, 22),
    RGBColor(220, 38, 38),
    RGBColor(156, 163, 175),
];

/// Stacked horizontal bars: per label, the counts of each series, left to right.
pub fn stacked_hbar(
    title: &str,
    x_desc: &str,
    y_desc: &str,
    labels: &[String],
    series: &[(String, Vec<f64>)],
) -> Drawn {
    register_fonts();
    // Plotters counts upward; the first item goes on top.
    let labels: Vec<String> = labels.iter().rev().cloned().collect();
    let series: Vec<(String, Vec<f64>)> = series
        .iter()
        .map(|(n, v)| (n.clone(), v.iter().rev().cloned().collect()))
        .collect();
    let n = labels.len().max(1);
    let height = (180 + 28 * n as u32).max(360);
    let totals: Vec<f64> = (0..labels.len())
        .map(|i| series.iter().map(|(_, v)| v[i]).sum())
        .collect();
    // Room on the right for the legend, so it never covers a bar.
    let max = totals.iter().cloned().fold(1.0f64, f64::max) * 1.4;
    encode_png((WIDTH, height), |root| {
        root.fill(&WHITE).map_err(err)?;
        let mut chart = horizontal(root, (title, x_desc, y_desc), &labels, 0.0..max, 0)?;
        let mut offsets = vec![0.0f64; labels.len()];
        for (k, (name, values)) in series.iter().enumerate() {
            let color = PREDIKAT_COLORS[k % PREDIKAT_COLORS.len()];
            let bars: Vec<Rectangle<(f64, SegmentValue<usize>)>> = values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let start = offsets[i];
                    offsets[i] += v;
                    let mut bar = Rectangle::new(
                        [
                            (start, SegmentValue::Exact(i)),
                            (start + v, SegmentValue::Exact(i + 1)),
                        ],
                        color.filled(),
                    );
                    bar.set_margin(4, 4, 0, 0);
                    bar
                })
                .collect();
            chart
                .draw_series(bars)
                .map_err(err)?
                .label(name.clone())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 6), (x + 16, y + 6)], color.filled())
                });
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    })
}

const FALLS: RGBColor = RGBColor(220, 38, 38);

/// A waterfall: the first bar is `start`, each step floats from the running total up (green)
/// or down (red), the last bar is where the steps end. The value axis starts near the lowest
/// running total, not at 0, so that steps small beside the totals still show; its label says
/// so.
pub fn waterfall(title: &str, y_desc: &str, labels: &[String], start: f64, steps: &[f64]) -> Drawn {
    register_fonts();
    let mut totals = vec![start];
    for s in steps {
        totals.push(totals.last().copied().unwrap_or(0.0) + s);
    }
    let lo = totals.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = totals.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.25).max(hi.abs() * 0.02).max(1e-9);
    let (y0, y1) = ((lo - pad).max(0.0).min(lo), hi + pad);
    let n = labels.len().max(1);
    encode_png((WIDTH, 520), |root| {
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 26).into_font().style(FontStyle::Bold))
            .margin(16)
            .x_label_area_size(70)
            .y_label_area_size(90)
            .build_cartesian_2d((0..n - 1).into_segmented(), y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .y_label_formatter(&|v| format!("{v:.1}"))
            .y_desc(y_desc)
            .label_style((FONT, 14))
            .axis_desc_style((FONT, 17))
            .x_labels(n)
            .x_label_formatter(&|v| category_label(labels, v, 16))
            .draw()
            .map_err(err)?;
        let last = totals.last().copied().unwrap_or(start);
        let mut bars = vec![(0usize, y0, start, BAR)];
        for (k, s) in steps.iter().enumerate() {
            let (from, to) = (totals[k], totals[k + 1]);
            let colour = if *s >= 0.0 { HOLDS } else { FALLS };
            bars.push((k + 1, from.min(to), from.max(to), colour));
        }
        bars.push((steps.len() + 1, y0, last, BAR));
        chart
            .draw_series(bars.into_iter().map(|(i, a, b, colour)| {
                let mut bar = Rectangle::new(
                    [(SegmentValue::Exact(i), a), (SegmentValue::Exact(i + 1), b)],
                    colour.mix(0.85).filled(),
                );
                bar.set_margin(0, 0, 10, 10);
                bar
            }))
            .map_err(err)?;
        Ok(())
    })
}
