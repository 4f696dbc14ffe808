//! The generated organisation as pure index arithmetic, so that any employee's unit and
//! supervisor are known without holding the roster in memory (the generator streams).
//!
//! Employees fill fixed blocks: a dinas (OPD) block is its head plus 4 bidang blocks; a bidang block
//! is its head plus 3 seksi blocks; a seksi block is its head plus 9 staff. All dinas hang under
//! one root, the regional government, whose head (the Sekda) is outside the roster.

pub const SEKSI_SIZE: u64 = 10;
pub const SEKSI_PER_BIDANG: u64 = 3;
pub const BIDANG_PER_DINAS: u64 = 4;
pub const BIDANG_SIZE: u64 = 1 + SEKSI_PER_BIDANG * SEKSI_SIZE;
pub const DINAS_SIZE: u64 = 1 + BIDANG_PER_DINAS * BIDANG_SIZE;
pub const ROOT_ID: &str = "PEMDA";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    DinasHead,
    BidangHead,
    SeksiHead,
    Staff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub dinas: u64,
    pub bidang: Option<u64>,
    pub seksi: Option<u64>,
    pub role: Role,
}

pub fn place(i: u64) -> Place {
    let dinas = i / DINAS_SIZE;
    let r = i % DINAS_SIZE;
    if r == 0 {
        return Place {
            dinas,
            bidang: None,
            seksi: None,
            role: Role::DinasHead,
        };
    }
    let bidang = (r - 1) / BIDANG_SIZE;
    let q = (r - 1) % BIDANG_SIZE;
    if q == 0 {
        return Place {
            dinas,
            bidang: Some(bidang),
            seksi: None,
            role: Role::BidangHead,
        };
    }
    let seksi = (q - 1) / SEKSI_SIZE;
    let t = (q - 1) % SEKSI_SIZE;
    let role = if t == 0 { Role::SeksiHead } else { Role::Staff };
    Place {
        dinas,
        bidang: Some(bidang),
        seksi: Some(seksi),
        role,
    }
}

fn bidang_head(dinas: u64, bidang: u64) -> u64 {
    dinas * DINAS_SIZE + 1 + bidang * BIDANG_SIZE
}

fn seksi_head(dinas: u64, bidang: u64, seksi: u64) -> u64 {
    bidang_head(dinas, bidang) + 1 + seksi * SEKSI_SIZE
}

/// The index of the employee's supervisor; `None` for a dinas head (supervised by the Sekda).
pub fn supervisor(i: u64) -> Option<u64> {
    let p = place(i);
    match (p.role, p.bidang, p.seksi) {
        (Role::DinasHead, ..) => None,
        (Role::BidangHead, ..) => Some(p.dinas * DINAS_SIZE),
        (Role::SeksiHead, Some(b), _) => Some(bidang_head(p.dinas, b)),
        (Role::Staff, Some(b), Some(s)) => Some(seksi_head(p.dinas, b, s)),
        _ => unreachable!("places are built consistently"),
    }
}

pub fn unit_id(p: &Place) -> String {
    match (p.bidang, p.seksi) {
        (None, _) => format!("D{:03}", p.dinas + 1),
        (Some(b), None) => format!("D{:03}.B{}", p.dinas + 1, b + 1),
        (Some(b), Some(s)) => format!("D{:03}.B{}.S{}", p.dinas + 1, b + 1, s + 1),
    }
}

/// Units that have at least one of the first `n` employees, parents before children:
/// (unit_id, parent_id, dinas, bidang, seksi).
pub fn units(n: u64) -> impl Iterator<Item = (String, Option<String>, Place)> {
    (0..n).filter_map(|i| {
        let p = place(i);
        match p.role {
            Role::DinasHead => Some((unit_id(&p), Some(ROOT_ID.to_string()), p)),
            Role::BidangHead => {
                let parent = Place {
                    bidang: None,
                    seksi: None,
                    role: Role::DinasHead,
                    ..p
                };
                Some((unit_id(&p), Some(unit_id(&parent)), p))
            }
            Role::SeksiHead => {
                let parent = Place {
                    seksi: None,
                    role: Role::BidangHead,
                    ..p
                };
                Some((unit_id(&p), Some(unit_id(&parent)), p))
            }
            Role::Staff => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supervisor_is_a_head_of_the_parent_or_own_unit() {
        for i in 0..(3 * DINAS_SIZE) {
            let p = place(i);
            match supervisor(i) {
                None => assert_eq!(p.role, Role::DinasHead),
                Some(s) => {
                    assert!(s < i, "supervisors come first");
                    let sp = place(s);
                    assert_ne!(sp.role, Role::Staff);
                    assert_eq!(sp.dinas, p.dinas);
                }
            }
        }
        assert_eq!(
            units(DINAS_SIZE).count() as u64,
            1 + BIDANG_PER_DINAS * (1 + SEKSI_PER_BIDANG)
        );
    }
}
