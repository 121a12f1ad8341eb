//! Selectors: the part of CSS Selectors 3/4 that WXSS/FTSS pages use — type (`view`),
//! universal (`*`), class (`.a`), id (`#a`) and attribute (`[a]`, `[a=v]`, `[a~=v]`,
//! `[a|=v]`, `[a^=v]`, `[a$=v]`, `[a*=v]`, with the `i` and `s` flags) selectors, the
//! structural pseudo-classes (`:first-child`, `:last-child`, `:only-child`,
//! `:nth-child()`, `:nth-last-child()`, the `-of-type` forms, `:empty`), `:not()` with a
//! list of compound selectors, compounds of these (`view.a[b]:first-child`), the
//! descendant (` `), child (`>`), next-sibling (`+`) and subsequent-sibling (`~`)
//! combinators and selector lists (`a, b`). Two pseudo-classes are kept as classes:
//! `:focus` ([`FOCUS_STATE_CLASS`](crate::FOCUS_STATE_CLASS)) and `:host`
//! ([`HOST_CLASS`](crate::HOST_CLASS), a compound on its own).
//!
//! A selector may end in `::before` or `::after` (or `:before`, `:after`), kept in
//! [`Selector::pseudo_element`] for the cascade's generated boxes.
//!
//! Anything else (other pseudo-classes and pseudo-elements, namespaces, `:nth-child(… of S)`,
//! complex selectors inside `:not()`) is rejected with a message so the caller can skip
//! the rule and warn.
//!
//! Parsing lives in `parse`, matching in `matching` (right to left, as browsers do),
//! restyle invalidation for selectors that look at siblings, children and attributes in
//! `invalidation`.

use cssparser::{Parser, ParserInput};

use super::values::ValueError;

mod invalidation;
mod matching;
mod parse;

pub use parse::parse_selector_list;

/// One compound selector: all of its parts must match the same element.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Compound {
    /// Type selector (lower-cased); `None` for `*` or no type.
    pub tag: Option<String>,
    /// `#id`.
    pub id: Option<String>,
    /// `.class` parts (and the pseudo-classes kept as classes, `:focus` and `:host`).
    pub classes: Vec<String>,
    /// Attribute selectors, `[a=v]`.
    pub attrs: Vec<AttrSelector>,
    /// The other pseudo-classes: structural ones and `:not()`.
    pub pseudos: Vec<PseudoClass>,
}

impl Compound {
    /// Calls `f` with this compound and every compound inside its `:not()`s (depth first).
    pub fn visit(&self, f: &mut impl FnMut(&Compound)) {
        f(self);
        for p in &self.pseudos {
            if let PseudoClass::Not(list) = p {
                for c in list {
                    c.visit(f);
                }
            }
        }
    }

    /// Like [`Compound::visit`], mutably: for rewriting classes everywhere in a selector
    /// (a custom component's style isolation must reach into `:not(.a)` too).
    pub fn visit_mut(&mut self, f: &mut impl FnMut(&mut Compound)) {
        f(self);
        for p in &mut self.pseudos {
            if let PseudoClass::Not(list) = p {
                for c in list {
                    c.visit_mut(f);
                }
            }
        }
    }
}

/// An attribute selector (CSS Selectors 4 §6).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrSelector {
    /// The attribute's name as written (matched ASCII case-insensitively).
    pub name: String,
    /// The operator and value; `None` for `[a]` (present with any value).
    pub test: Option<(AttrOp, String)>,
    /// The `i` flag: the value is compared ASCII case-insensitively.
    pub ignore_case: bool,
}

/// The operator of an attribute selector with a value.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrOp {
    /// `[a=v]`: exactly `v`.
    Equals,
    /// `[a~=v]`: `v` is one of its whitespace-separated words.
    Includes,
    /// `[a|=v]`: exactly `v`, or `v` followed by `-`.
    DashMatch,
    /// `[a^=v]`: starts with `v`.
    Prefix,
    /// `[a$=v]`: ends with `v`.
    Suffix,
    /// `[a*=v]`: contains `v`.
    Substring,
}

/// A pseudo-class other than `:focus` and `:host` (which are kept as classes).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PseudoClass {
    /// `:nth-child()` and its relatives (CSS Selectors 4 §14.4): `:first-child` is
    /// `:nth-child(1)`, `:last-child` is `:nth-last-child(1)`, and so on.
    Nth(Nth),
    /// `:only-child`, or `:only-of-type` with `of_type`.
    Only {
        /// Count only siblings of the same type.
        of_type: bool,
    },
    /// `:empty`: no element children and no text but white space (CSS Selectors 4 §14.2).
    Empty,
    /// `:not(a, b)`: matches none of the compounds (CSS Selectors 4 §4.3).
    Not(Vec<Compound>),
}

/// The position test of `:nth-child(an+b)` and its relatives: the element is the
/// `an+b`-th of its siblings for some `n ≥ 0`, counting from 1.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nth {
    /// The step `a`.
    pub a: i32,
    /// The offset `b`.
    pub b: i32,
    /// Count only siblings of the same type (`:nth-of-type`).
    pub of_type: bool,
    /// Count from the last sibling (`:nth-last-child`).
    pub from_end: bool,
}

/// How a compound relates to the one on its left.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combinator {
    /// `a b`: some ancestor matches.
    Descendant,
    /// `a > b`: the parent matches.
    Child,
    /// `a + b`: the previous element sibling matches.
    NextSibling,
    /// `a ~ b`: some previous element sibling matches.
    SubsequentSibling,
}

/// Specificity as in CSS Selectors 4 §17: (ids, classes, types) packed so that comparing
/// the integers compares the triples (each count saturates at 1023). Attribute selectors
/// and pseudo-classes count as classes; `:not()` counts as its most specific argument.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Specificity(pub u32);

impl Specificity {
    /// From the three counts.
    pub fn new(ids: u32, classes: u32, types: u32) -> Self {
        Specificity((ids.min(1023) << 20) | (classes.min(1023) << 10) | types.min(1023))
    }
    /// Above any selector: used for the `style` attribute (CSS Style Attributes §3).
    pub const INLINE: Specificity = Specificity(1 << 30);
}

/// A complex selector, stored right to left.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector {
    /// Compounds, rightmost (the subject) first.
    pub compounds: Vec<Compound>,
    /// `combinators[i]` joins `compounds[i]` to `compounds[i + 1]` (its left neighbour).
    pub combinators: Vec<Combinator>,
    /// Specificity (CSS Selectors 4 §17).
    pub specificity: Specificity,
    /// The pseudo-element the selector ends in (`.a::before`): it styles that generated
    /// box of the elements the rest matches, never an element itself.
    pub pseudo_element: Option<super::generated::PseudoElement>,
}

impl Selector {
    /// Parses one selector list (`a, b > c`). Errors name the unsupported part.
    pub fn parse_list(source: &str) -> Result<Vec<Selector>, String> {
        let mut input = ParserInput::new(source);
        let mut parser = Parser::new(&mut input);
        parse_selector_list(&mut parser).map_err(|e| error_message(&e))
    }

    /// The subject compound (rightmost).
    pub fn subject(&self) -> &Compound {
        // A parsed selector always has at least one compound.
        &self.compounds[0]
    }

    /// Calls `f` with every compound of the selector, including those inside `:not()`.
    pub fn visit_compounds(&self, f: &mut impl FnMut(&Compound)) {
        for c in &self.compounds {
            c.visit(f);
        }
    }

    /// Calls `f` with every compound of the selector, including those inside `:not()`,
    /// mutably.
    pub fn visit_compounds_mut(&mut self, f: &mut impl FnMut(&mut Compound)) {
        for c in &mut self.compounds {
            c.visit_mut(f);
        }
    }

    /// What the selector looks at besides the tag, id and classes of an element and its
    /// ancestors (see [`SelectorDeps`]).
    pub fn deps(&self) -> SelectorDeps {
        let sibling_combinators = self
            .combinators
            .iter()
            .any(|c| matches!(c, Combinator::NextSibling | Combinator::SubsequentSibling));
        let mut deps = SelectorDeps {
            forward: sibling_combinators,
            sibling_combinators,
            ..SelectorDeps::default()
        };
        self.visit_compounds(&mut |c| {
            for p in &c.pseudos {
                match p {
                    PseudoClass::Nth(n) if n.from_end => deps.backward = true,
                    PseudoClass::Nth(_) => deps.forward = true,
                    PseudoClass::Only { .. } => (deps.forward, deps.backward) = (true, true),
                    PseudoClass::Empty => deps.empty = true,
                    PseudoClass::Not(_) => {}
                }
            }
            for a in &c.attrs {
                deps.add_attr(&a.name);
            }
        });
        deps
    }
}

/// What a set of selectors depends on beyond the tag, id and classes of an element and
/// of its ancestors, which is all the document's restyle invalidation and the cascade's
/// style sharing assume by default. Pages that use none of these keep the fast paths.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SelectorDeps {
    /// An element's position counted from its first sibling, or its previous siblings
    /// (`:nth-child`, `:first-child`, `+`, `~`): inserting or removing a child restyles
    /// the siblings after it.
    pub forward: bool,
    /// An element's position counted from its last sibling (`:nth-last-child`,
    /// `:last-child`, `:only-child`): inserting or removing a child restyles the
    /// siblings before it.
    pub backward: bool,
    /// Its previous siblings' tag, id, classes and attributes (`+`, `~`): a change of
    /// those restyles the following siblings.
    pub sibling_combinators: bool,
    /// Its children (`:empty`): a change of the child list (or of a child's text)
    /// restyles the element.
    pub empty: bool,
    /// Attributes that attribute selectors test (lower-cased): a change of one restyles
    /// like a change of `class`.
    pub attrs: Vec<String>,
}

impl SelectorDeps {
    /// True when the selectors look at nothing beyond tags, ids, classes and ancestors.
    pub fn is_empty(&self) -> bool {
        *self == SelectorDeps::default()
    }

    /// Adds what `other` depends on.
    pub fn merge(&mut self, other: &SelectorDeps) {
        self.forward |= other.forward;
        self.backward |= other.backward;
        self.sibling_combinators |= other.sibling_combinators;
        self.empty |= other.empty;
        for a in &other.attrs {
            self.add_attr(a);
        }
    }

    /// True when some attribute selector tests attribute `name`.
    pub fn uses_attr(&self, name: &str) -> bool {
        self.attrs.iter().any(|a| a.eq_ignore_ascii_case(name))
    }

    fn add_attr(&mut self, name: &str) {
        if !self.uses_attr(name) {
            self.attrs.push(name.to_ascii_lowercase());
        }
    }
}

/// A readable message from a parse error.
pub fn error_message(e: &ValueError<'_>) -> String {
    match &e.kind {
        cssparser::ParseErrorKind::Custom(m) => m.clone(),
        cssparser::ParseErrorKind::Basic(b) => b.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> Specificity {
        Selector::parse_list(s)
            .ok()
            .and_then(|l| l.first().cloned())
            .map_or(Specificity(u32::MAX), |s| s.specificity)
    }

    fn err(s: &str) -> String {
        Selector::parse_list(s).err().unwrap_or_default()
    }

    #[test]
    fn specificity_per_selectors_4() {
        assert_eq!(spec("*"), Specificity::new(0, 0, 0));
        assert_eq!(spec("view"), Specificity::new(0, 0, 1));
        assert_eq!(spec("view .a"), Specificity::new(0, 1, 1));
        assert_eq!(spec("view.a.b > text"), Specificity::new(0, 2, 2));
        assert_eq!(spec("#x .y"), Specificity::new(1, 1, 0));
        assert!(spec("#x") > spec(".a.b.c.d.e.f.g.h.i.j.k"));
        assert_eq!(spec("view:first-child"), Specificity::new(0, 1, 1));
        assert_eq!(spec(":nth-child(2n+1)"), Specificity::new(0, 1, 0));
        assert_eq!(spec("[a=b]"), Specificity::new(0, 1, 0));
        assert_eq!(spec("a + b ~ .c"), Specificity::new(0, 1, 2));
        // `:not()` itself counts nothing; its most specific argument counts.
        assert_eq!(spec(":not(.a)"), Specificity::new(0, 1, 0));
        assert_eq!(spec(":not(.a, #b)"), Specificity::new(1, 0, 0));
        assert_eq!(spec("view:not(view.a.b, text)"), Specificity::new(0, 2, 2));
        assert_eq!(spec(":not(:not(#a))"), Specificity::new(1, 0, 0));
    }

    #[test]
    fn parses_structure() {
        let l = Selector::parse_list("page view.a > .b,  #c").unwrap_or_default();
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].compounds.len(), 3);
        assert_eq!(l[0].subject().classes, vec!["b".to_string()]);
        assert_eq!(
            l[0].combinators,
            vec![Combinator::Child, Combinator::Descendant]
        );
        assert_eq!(l[1].subject().id.as_deref(), Some("c"));
        let s = Selector::parse_list(".a+.b ~ .c  >  .d .e").unwrap_or_default();
        assert_eq!(
            s.first().map(|s| s.combinators.clone()),
            Some(vec![
                Combinator::Descendant,
                Combinator::Child,
                Combinator::SubsequentSibling,
                Combinator::NextSibling
            ])
        );
    }

    fn nth(s: &str) -> Option<(i32, i32)> {
        let l = Selector::parse_list(s).ok()?;
        match l.first()?.subject().pseudos.first()? {
            PseudoClass::Nth(n) => Some((n.a, n.b)),
            _ => None,
        }
    }

    #[test]
    fn nth_formulas() {
        assert_eq!(nth(":nth-child(odd)"), Some((2, 1)));
        assert_eq!(nth(":nth-child( EVEN )"), Some((2, 0)));
        assert_eq!(nth(":nth-child(n)"), Some((1, 0)));
        assert_eq!(nth(":nth-child(-n+3)"), Some((-1, 3)));
        assert_eq!(nth(":nth-child( -n + 3 )"), Some((-1, 3)));
        assert_eq!(nth(":nth-child(2n + 1)"), Some((2, 1)));
        assert_eq!(nth(":nth-child(+3n-2)"), Some((3, -2)));
        assert_eq!(nth(":nth-last-child(4)"), Some((0, 4)));
        assert_eq!(nth(":first-child"), Some((0, 1)));
        assert_eq!(nth(":nth-of-type(2n)"), Some((2, 0)));
    }

    #[test]
    fn attributes() {
        let l =
            Selector::parse_list("[a], [b = 'x y' i], [c|=en], [d^=\"v\" s]").unwrap_or_default();
        let attrs: Vec<&AttrSelector> = l.iter().map(|s| &s.subject().attrs[0]).collect();
        assert_eq!(attrs.len(), 4);
        assert_eq!(attrs[0].test, None);
        assert_eq!(attrs[1].test, Some((AttrOp::Equals, "x y".to_string())));
        assert!(attrs[1].ignore_case);
        assert_eq!(attrs[2].test, Some((AttrOp::DashMatch, "en".to_string())));
        assert_eq!(attrs[3].test, Some((AttrOp::Prefix, "v".to_string())));
        assert!(!attrs[3].ignore_case);
    }

    #[test]
    fn deps_name_what_a_selector_looks_at() {
        let deps = |s: &str| {
            let mut d = SelectorDeps::default();
            for sel in Selector::parse_list(s).unwrap_or_default() {
                d.merge(&sel.deps());
            }
            d
        };
        assert!(deps(".a > #b view, :focus").is_empty());
        let first = deps(".a:first-child");
        assert!(first.forward && !first.backward && !first.sibling_combinators);
        let last = deps(":not(:nth-last-child(2))");
        assert!(!last.forward && last.backward);
        let only = deps(":only-of-type");
        assert!(only.forward && only.backward);
        assert!(deps(".a ~ .b").sibling_combinators && deps(".a + .b").forward);
        assert!(deps(":not(:empty)").empty);
        assert_eq!(
            deps("[Data-X], [data-x='1'] [y]").attrs,
            vec!["data-x", "y"]
        );
    }

    #[test]
    fn host_is_a_class_compound_of_its_own() {
        let l = Selector::parse_list(":host, :host > .a, .b :host").unwrap_or_default();
        assert_eq!(l.len(), 3);
        assert_eq!(l[0].compounds.len(), 1);
        assert_eq!(l[0].subject().classes, vec![crate::HOST_CLASS.to_string()]);
        assert_eq!(l[0].subject().tag, None);
        assert_eq!(l[1].compounds[1].classes, vec![":host".to_string()]);
        assert_eq!(l[2].subject().classes, vec![":host".to_string()]);
        assert_eq!(l[2].compounds[1].classes, vec!["b".to_string()]);
        // A pseudo-class after a space starts a compound of its own (was merged into `.a`).
        let focus = Selector::parse_list(".a :focus").unwrap_or_default();
        assert_eq!(focus.first().map(|s| s.compounds.len()), Some(2));
        assert_eq!(spec(":host"), Specificity::new(0, 1, 0));
        assert_eq!(spec(":HOST"), spec(".x"));
        for s in [
            "view:host",
            ".a:host",
            ":host.a",
            ":host:focus",
            ":host#x",
            ":host[a]",
            ":host view",
            ":host(.a)",
            ":not(:host)",
        ] {
            let ok = Selector::parse_list(s).is_ok();
            // `:host view` is two compounds (descendant combinator): allowed.
            assert_eq!(ok, s == ":host view", "{s}");
        }
    }

    #[test]
    fn before_and_after_end_a_selector() {
        use crate::style::generated::PseudoElement;
        for (s, pe, spec) in [
            (
                ".a::before",
                PseudoElement::Before,
                Specificity::new(0, 1, 1),
            ),
            (
                "view .a:after",
                PseudoElement::After,
                Specificity::new(0, 1, 2),
            ),
            (
                "#x::AFTER ",
                PseudoElement::After,
                Specificity::new(1, 0, 1),
            ),
            (
                "*::before",
                PseudoElement::Before,
                Specificity::new(0, 0, 1),
            ),
        ] {
            let list = Selector::parse_list(s).unwrap_or_default();
            assert_eq!(list.len(), 1, "{s}");
            assert_eq!(list[0].pseudo_element, Some(pe), "{s}");
            assert_eq!(list[0].specificity, spec, "{s}");
        }
        let list = Selector::parse_list(".a, .b::after").unwrap_or_default();
        assert_eq!(list[0].pseudo_element, None);
    }

    #[test]
    fn rejects_unsupported() {
        for s in [
            "a:hover",
            "a::after .b",
            "a::after.b",
            "a::before::after",
            "a::marker",
            "a::after:hover",
            "a >",
            "> a",
            "a + ",
            "~ a",
            "a > > b",
            "",
            ".",
            "#1x",
            "a,",
            ":nth-child(foo)",
            ":nth-child()",
            ":nth-child(2n+1 of .a)",
            ":nth-child(2n+)",
            "[a=]",
            "[a=1]", // a value is a name or a string (CSS Selectors 4 §6.1)
            "[a]]",
            "[=a]",
            "[a=b c]",
            "[a=b x]",
            "[ns|a]",
            "[a==b]",
            ":not()",
            ":not(.a .b)",
            ":not(.a > .b)",
            ":not(::before)",
            ":not(:not(:not(:not(:not(:not(:not(:not(:not(.a)))))))))",
            "a:lang(en)",
        ] {
            assert!(Selector::parse_list(s).is_err(), "{s} should be rejected");
        }
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(err(":nth-child(foo)").contains("invalid argument of `:nth-child()`"));
        assert!(err(":nth-child(odd of .a)").contains("is not supported"));
        assert!(err("[a=]").contains("expected a value"));
        assert!(err("a:hover").contains("unsupported pseudo-class `:hover`"));
        assert!(err("a::first-line").contains("unsupported pseudo-element `::first-line`"));
        assert!(err("a::before > b").contains("must end the selector"));
        assert!(err(".a >").contains("`>` without a right-hand selector"));
        assert!(err("+ .a").contains("`+` without a left-hand selector"));
        assert!(err(":not(.a .b)").contains("compound selectors"));
    }
}
