//! A JSON array of objects, or an API envelope whose one array member holds them
//! (`{"code": 1, "data": [...]}`, SIASN and e-Kinerja BKN), read one object at a time in two
//! passes as NDJSON is: the first collects the keys (the header), the second, on a reader
//! thread, hands the rows over in batches. Memory follows one object, not the file: parsing the
//! whole file into one value took 5–10 times its size (issue 19).

use std::fmt;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::error::FileError;
use super::source::{Batch, Format, Row, Source};
use crate::values::Cell;

pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Rows a batch holds.
const BATCH_ROWS: usize = 32_768;

pub fn cell_of(value: serde_json::Value) -> Cell {
    use serde_json::Value;
    match value {
        Value::Null => Cell::Empty,
        Value::Bool(b) => Cell::Bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Cell::Int(i),
            None => n.as_f64().map(Cell::Float).unwrap_or(Cell::Empty),
        },
        Value::String(s) if s.is_empty() => Cell::Empty,
        Value::String(s) => Cell::Text(s),
        other => Cell::Text(other.to_string()),
    }
}

/// One object as a row of cells under `headers`.
pub fn object_row(headers: &[String], line: u64, mut object: JsonObject) -> Row {
    let cells = headers
        .iter()
        .map(|h| object.remove(h).map(cell_of).unwrap_or(Cell::Empty))
        .collect();
    Row { line, cells }
}

/// Adds the keys of `object` not yet in `headers`, in order of first appearance.
pub fn add_keys(headers: &mut Vec<String>, object: &JsonObject) {
    for key in object.keys() {
        if !headers.contains(key) {
            headers.push(key.clone());
        }
    }
}

pub fn open(path: &Path) -> Result<Source, FileError> {
    let mut headers: Vec<String> = Vec::new();
    each_object(path, &mut |_, object| {
        add_keys(&mut headers, &object);
        true
    })?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<Row>, FileError>>(2);
    let owned: PathBuf = path.to_path_buf();
    let hs = headers.clone();
    std::thread::spawn(move || {
        let mut batch = Vec::with_capacity(BATCH_ROWS);
        let mut open = true;
        let read = each_object(&owned, &mut |line, object| {
            batch.push(object_row(&hs, line, object));
            if batch.len() >= BATCH_ROWS {
                open = tx.send(Ok(std::mem::take(&mut batch))).is_ok();
            }
            open
        });
        let _ = match read {
            Ok(()) if batch.is_empty() => Ok(()),
            Ok(()) => tx.send(Ok(batch)),
            Err(e) => tx.send(Err(e)),
        };
    });
    Ok(Source {
        path: path.to_path_buf(),
        format: Format::Json,
        headers,
        header_row: 1,
        batches: Box::new(rx.into_iter().map(|b| b.map(Batch::Rows))),
    })
}

/// Whether the file is one JSON object with an array member (the API envelope), not NDJSON's
/// one object per line; read without keeping any of it.
pub fn wraps_an_array(path: &Path) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut values =
        serde_json::Deserializer::from_reader(BufReader::new(file)).into_iter::<HasArray>();
    matches!(values.next(), Some(Ok(HasArray(true)))) && values.next().is_none()
}

/// Calls `each(record number, object)` for every object of the rows array, in order, until it
/// returns false.
fn each_object(
    path: &Path,
    each: &mut dyn FnMut(u64, JsonObject) -> bool,
) -> Result<(), FileError> {
    let file = File::open(path).map_err(|e| FileError::io(path, e))?;
    let mut de = serde_json::Deserializer::from_reader(BufReader::new(file));
    let mut rows = Rows {
        each,
        count: 0,
        arrays: Vec::new(),
        problem: None,
    };
    let read = (&mut de).deserialize_any(TopLevel(&mut rows));
    if let Some(problem) = rows.problem {
        return Err(FileError::unreadable(path, &problem));
    }
    read.and_then(|()| de.end()).map_err(|e| {
        FileError::unreadable(path, &format!("is not a JSON array of objects: {e}"))
    })?;
    match rows.arrays.as_slice() {
        [_] => Ok(()),
        [] => Err(FileError::unreadable(
            path,
            "is a JSON object without an array of rows; export an array of objects, or the API's \
             response with its rows under one member (\"data\": [...])",
        )),
        many => Err(FileError::unreadable(
            path,
            &format!(
                "is a JSON object with several arrays ({}); it is not clear which holds the rows: \
                 export that array alone",
                many.join(", ")
            ),
        )),
    }
}

/// What the visitors share: the callback, the records seen, the names of the array members
/// (an envelope's; the top-level array counts as one), and a problem that is the file's own
/// rather than JSON syntax.
struct Rows<'a> {
    each: &'a mut dyn FnMut(u64, JsonObject) -> bool,
    count: u64,
    arrays: Vec<String>,
    problem: Option<String>,
}

impl Rows<'_> {
    /// Streams the array's objects to the callback.
    fn stream<'de, A: SeqAccess<'de>>(&mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element::<serde_json::Value>()? {
            self.count += 1;
            let serde_json::Value::Object(object) = value else {
                self.problem = Some(format!(
                    "record {} is not an object; export an array of objects",
                    self.count
                ));
                return Err(de::Error::custom("not an object"));
            };
            if !(self.each)(self.count, object) {
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

struct TopLevel<'r, 'a>(&'r mut Rows<'a>);

impl<'de> Visitor<'de> for TopLevel<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of objects, or an object with one array of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        self.0.arrays.push(String::from("(the file)"));
        self.0.stream(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            map.next_value_seed(Member {
                rows: &mut *self.0,
                key,
            })?;
        }
        Ok(())
    }
}

/// One member of an envelope: its array, the first, is the rows; any other value is skipped.
struct Member<'r, 'a> {
    rows: &'r mut Rows<'a>,
    key: String,
}

impl<'de> DeserializeSeed<'de> for Member<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Member<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.rows.arrays.push(self.key);
        if self.rows.arrays.len() == 1 {
            return self.rows.stream(seq);
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// Whether a JSON value is an object with an array member; its contents are skipped.
struct HasArray(bool);

impl<'de> serde::Deserialize<'de> for HasArray {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<HasArray, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HasArray;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<HasArray, A::Error> {
                let mut found = false;
                while map.next_key::<IgnoredAny>()?.is_some() {
                    found |= map.next_value::<IsArray>()?.0;
                }
                Ok(HasArray(found))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<HasArray, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(HasArray(false))
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether a JSON value is an array; its contents are skipped.
struct IsArray(bool);

impl<'de> serde::Deserialize<'de> for IsArray {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<IsArray, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IsArray;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<IsArray, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(IsArray(true))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<IsArray, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(IsArray(false))
            }
            fn visit_bool<E>(self, _: bool) -> Result<IsArray, E> {
                Ok(IsArray(false))
            }
            fn visit_i64<E>(self, _: i64) -> Result<IsArray, E> {
                Ok(IsArray(false))
            }
            fn visit_u64<E>(self, _: u64) -> Result<IsArray, E> {
                Ok(IsArray(false))
            }
            fn visit_f64<E>(self, _: f64) -> Result<IsArray, E> {
                Ok(IsArray(false))
            }
            fn visit_str<E>(self, _: &str) -> Result<IsArray, E> {
                Ok(IsArray(false))
            }
            fn visit_unit<E>(self) -> Result<IsArray, E> {
                Ok(IsArray(false))
            }
        }
        d.deserialize_any(V)
    }
}
