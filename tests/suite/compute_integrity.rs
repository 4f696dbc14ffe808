//! SPEC section 7: overlapping entries are entries whose start/end range intersects another of the
//! same nip on the same day (touching ends do not intersect).

use crate::compute_harness::*;

const ANDI: &str = "198609262015051001";

#[test]
fn overlapping_entries_count_every_range_that_meets_another_on_its_day() {
    let c = worked_example_with(|dir| {
        let mut text = String::new();
        for (id, date, start, end, duration) in [
            // 08:00-09:00 and 08:30-10:00 overlap; 10:00-11:00 only touches 10:00: 2.
            ("O-1", "2026-10-20", "08:00", "09:00", ""),
            ("O-2", "2026-10-20", "08:30", "10:00", ""),
            ("O-3", "2026-10-20", "10:00", "11:00", ""),
            // The same start: 2.
            ("O-4", "2026-10-20", "12:00", "13:00", ""),
            ("O-5", "2026-10-20", "12:00", "12:30", ""),
            // A range that ends before it starts intersects nothing.
            ("O-6", "2026-10-20", "14:00", "13:00", "60"),
            // Two short ranges inside a long one, apart from each other: 3.
            ("O-7", "2026-10-20", "15:00", "18:00", ""),
            ("O-8", "2026-10-20", "16:00", "16:30", ""),
            ("O-9", "2026-10-20", "17:00", "17:30", ""),
            // The same hours on another day meet nothing.
            ("O-10", "2026-10-21", "08:15", "08:45", ""),
        ] {
            text.push_str(&format!(
                "{id},{ANDI},{date},{start},{end},{duration},Rapat koordinasi {id},IND-A1,1,dokumen,submitted,{date} 19:00:00\n"
            ));
        }
        append(dir, "activities.csv", &text);
    });
    c.compute("out", "").success();
    let t = c.tables("out");
    assert_eq!(
        figure(
            &t,
            "employee_month",
            &[("nip", ANDI)],
            "overlapping_entries"
        ),
        "7"
    );
    // Cahya logs 08:00-11:20 every day: one range a day, no overlap.
    assert_eq!(
        figure(
            &t,
            "employee_month",
            &[("nip", "199507212020122003")],
            "overlapping_entries"
        ),
        "0"
    );
}
