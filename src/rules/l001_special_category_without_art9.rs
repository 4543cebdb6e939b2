//! L001: special category data with no Art 9 condition.

use super::{Context, Rule, rule};
use crate::diagnostic::Diagnostic;

rule! {
    /// ## What it checks
    /// A data category marked as special category data (`special_category:
    /// true` or any `special_category_types`) that no lawful basis with an
    /// `article_9` condition covers. A basis covers every data category unless
    /// it lists `data_categories`.
    ///
    /// ## Why it matters
    /// Art 9(1) prohibits processing special category data (racial or ethnic
    /// origin, political opinions, religious or philosophical beliefs, trade
    /// union membership, genetic and biometric data, health, sex life or sexual
    /// orientation) unless one of the conditions of Art 9(2) applies, in
    /// addition to an Art 6 basis. In the UK, points (b), (g), (h), (i) and (j)
    /// also need a DPA 2018 Schedule 1 condition.
    ///
    /// ## Example
    /// Fails:
    ///
    /// ```yaml
    /// data_categories:
    ///   - {id: health, name: Health records, special_category_types: [health]}
    /// lawful_bases:
    ///   - {purposes: [care], article_6: e}
    /// ```
    ///
    /// Passes:
    ///
    /// ```yaml
    /// lawful_bases:
    ///   - {purposes: [care], article_6: e, article_9: h, schedule_1: [2]}
    /// ```
    ///
    /// ## References
    /// UK GDPR and GDPR Art 9(1) and 9(2); DPA 2018 s.10 and Schedule 1.
    pub struct SpecialCategoryWithoutArt9;
    code: "L001",
    name: "special-category-without-art9-condition",
    severity: Error,
    reference: "UK GDPR / GDPR Art 9(1)-(2); DPA 2018 s.10",
}

impl Rule for SpecialCategoryWithoutArt9 {
    fn check(&self, ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let a = ctx.assessment();
        for (i, category) in a.data_categories.iter().enumerate() {
            if !category.is_special_category() {
                continue;
            }
            let covered = a.lawful_bases.iter().any(|b| {
                b.article_9.is_some()
                    && (b.data_categories.is_empty() || b.data_categories.contains(&category.id))
            });
            if covered {
                continue;
            }
            let pointer = if category.special_category {
                format!("/data_categories/{i}/special_category")
            } else {
                format!("/data_categories/{i}/special_category_types")
            };
            out.push(
                ctx.finding(
                    &Self::META,
                    &pointer,
                    format!(
                        "data category `{}` is special category data, but no lawful basis gives an Art 9(2) condition for it",
                        category.id
                    ),
                    "special category data",
                )
                .with_help("add a lawful basis with `article_9:` (and, in the UK, the `schedule_1:` condition it needs) covering this category"),
            );
        }
    }
}
