//! Dates as DPIAs write them: a day, or only a month or a year ("target date:
//! November 2020").

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date with day or month optional: `2020-08-18`, `2020-11`, `2020`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// Year.
    pub year: u16,
    /// Month 1-12, if given.
    pub month: Option<u8>,
    /// Day of the month, if given (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the date exists.
    #[must_use]
    pub fn parse(text: &str) -> Option<PartialDate> {
        let mut parts = text.split('-');
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: u16 = year_text.parse().ok()?;
        let month = match parts.next() {
            None => None,
            Some(m) if m.len() == 2 => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
        };
        let day = match parts.next() {
            None => None,
            Some(d) if d.len() == 2 => {
                let day = d.parse::<u8>().ok()?;
                let month = month?;
                (1..=days_in_month(year, month))
                    .contains(&day)
                    .then_some(day)?;
                Some(day)
            }
            Some(_) => return None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// The earliest full date this could mean (`2020-11` -> 2020-11-01).
    #[must_use]
    pub fn first_day(self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The latest full date this could mean (`2020-11` -> 2020-11-30), used
    /// for deadlines: a measure due "November 2020" is not late on the 15th.
    #[must_use]
    pub fn last_day(self) -> (u16, u8, u8) {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }
}

/// The environment variable that sets the date dpia takes as today
/// (`YYYY-MM-DD`). Tests set it so that nothing they check moves with the
/// clock; a user can set it to reproduce a run of another day.
pub const TODAY_VAR: &str = "DPIA_TODAY";

/// The dates of one run, decided once by the command (from `--as-of` and
/// the environment) and kept in the analysis, so that every consumer (the
/// rules, the reports, the register, the dashboard) judges and stamps by
/// the same day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunDate {
    /// The day date-based rules, the dashboard and the register judge
    /// against: `--as-of`, else [`today`].
    pub as_of: PartialDate,
    /// The day a reproducible build stamps on its reports: [`today`] when
    /// `SOURCE_DATE_EPOCH` is set; otherwise a report carries the
    /// assessment's own last update, never the clock.
    pub stamp: Option<PartialDate>,
}

impl RunDate {
    /// The dates of a run: `as_of` when given, else today; the stamp when
    /// `SOURCE_DATE_EPOCH` asks for a reproducible build.
    #[must_use]
    pub fn decide(as_of: Option<PartialDate>) -> RunDate {
        RunDate {
            as_of: as_of.unwrap_or_else(today),
            stamp: std::env::var_os("SOURCE_DATE_EPOCH").is_some().then(today),
        }
    }

    /// A run judged on a fixed day, with no stamp (tests and benchmarks).
    #[must_use]
    pub fn fixed(as_of: PartialDate) -> RunDate {
        RunDate { as_of, stamp: None }
    }
}

/// Today's date: `DPIA_TODAY` when it is set, else the day of
/// `SOURCE_DATE_EPOCH` (for reproducible output), else the clock, in UTC
/// whatever the machine's time zone. This is the one place dpia reads the
/// clock (commands call it through [`RunDate::decide`]). A `DPIA_TODAY` that is not a date is ignored.
#[must_use]
#[allow(clippy::disallowed_methods)] // the one sanctioned read of the clock
pub fn today() -> PartialDate {
    if let Some(day) = std::env::var(TODAY_VAR)
        .ok()
        .and_then(|s| PartialDate::parse(s.trim()))
        .filter(|d| d.day.is_some())
    {
        return day;
    }
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        });
    from_days(seconds.div_euclid(86_400))
}

/// The civil date of a day count since 1970-01-01 (the `time` crate's
/// calendar); a count outside its years (before 1 or after 9999, which no
/// clock gives) is the nearest end.
#[must_use]
pub fn from_days(days: i64) -> PartialDate {
    /// The Julian day number of 1970-01-01.
    const EPOCH: i64 = 2_440_588;
    let first = time::Date::MIN.to_julian_day();
    let last = time::Date::MAX.to_julian_day();
    let julian = (days.saturating_add(EPOCH)).clamp(i64::from(first), i64::from(last));
    let date = time::Date::from_julian_day(i32::try_from(julian).unwrap_or(first))
        .unwrap_or(time::Date::MIN);
    PartialDate {
        year: u16::try_from(date.year()).unwrap_or(1),
        month: Some(u8::from(date.month())),
        day: Some(date.day()),
    }
}

/// Number of days in a month of a year (Gregorian); 0 for a month that
/// is not one.
#[must_use]
pub fn days_in_month(year: u16, month: u8) -> u8 {
    time::Month::try_from(month).map_or(0, |m| m.length(i32::from(year)))
}

/// The `format` checker registered with the JSON Schema validator for
/// `dpia-date`: a value of the right shape must also be a real date.
/// Values of the wrong shape are left to the schema's `pattern`.
#[must_use]
pub fn is_valid_date_format(text: &str) -> bool {
    let shaped = text.len() >= 4
        && text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        && matches!(text.len(), 4 | 7 | 10);
    !shaped || PartialDate::parse(text).is_some()
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PartialDate::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a valid date")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_precisions() {
        assert_eq!(
            PartialDate::parse("2020-08-18"),
            Some(PartialDate {
                year: 2020,
                month: Some(8),
                day: Some(18)
            })
        );
        assert_eq!(
            PartialDate::parse("2020-11"),
            Some(PartialDate {
                year: 2020,
                month: Some(11),
                day: None
            })
        );
        assert_eq!(PartialDate::parse("2020").unwrap().to_string(), "2020");
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in [
            "2021-02-29",
            "2020-13",
            "2020-04-31",
            "20-01-01",
            "2020-1-01",
            "2020-01-01-01",
        ] {
            assert_eq!(PartialDate::parse(bad), None, "{bad}");
        }
        assert!(PartialDate::parse("2020-02-29").is_some());
        assert!(!is_valid_date_format("2021-02-29"));
        assert!(
            is_valid_date_format("18/08/2020"),
            "shape errors belong to the pattern"
        );
    }

    #[test]
    fn civil_dates_from_day_counts() {
        assert_eq!(from_days(0).to_string(), "1970-01-01");
        assert_eq!(from_days(19_358).to_string(), "2023-01-01");
        assert_eq!(from_days(11_016).to_string(), "2000-02-29");
        assert_eq!(from_days(20_779).to_string(), "2026-11-22");
        // A SOURCE_DATE_EPOCH no clock gives still makes a date.
        assert_eq!(from_days(i64::MAX).to_string(), "9999-12-31");
        assert_eq!(from_days(i64::MIN).year, 1);
        assert_eq!(
            (
                days_in_month(2000, 2),
                days_in_month(2100, 2),
                days_in_month(2024, 4)
            ),
            (29, 28, 30)
        );
        assert_eq!((days_in_month(2024, 0), days_in_month(2024, 13)), (0, 0));
    }

    #[test]
    fn month_precision_spans_the_month() {
        let d = PartialDate::parse("2020-02").unwrap();
        assert_eq!(d.first_day(), (2020, 2, 1));
        assert_eq!(d.last_day(), (2020, 2, 29));
    }
}
