//! Property tests of spintax over random trees of groups, text, escapes and Jinja regions, checked
//! against a straightforward tree-walking interpreter.

use proptest::prelude::*;

use super::spintax::{blank_out, SpinPath, Spintax};

#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Escaped(char),
    Jinja(&'static str),
    Group(Vec<Vec<Piece>>),
}

const JINJA: &[&str] = &["{{ first_name }}", "{{ x | default(\"}|{\") }}", "{% if a %}", "{# {a|b} #}", "{{ {'k': 1}['k'] }}"];

fn piece(with_literals: bool) -> impl Strategy<Value = Piece> {
    let text = "[a-z ]{1,4}".prop_map(Piece::Text);
    let leaf = if with_literals {
        prop_oneof![
            3 => text,
            1 => prop::sample::select(vec!['{', '}', '|']).prop_map(Piece::Escaped),
            1 => prop::sample::select(JINJA).prop_map(Piece::Jinja),
        ]
        .boxed()
    } else {
        text.boxed()
    };
    leaf.prop_recursive(3, 24, 3, |inner| prop::collection::vec(prop::collection::vec(inner, 0..3), 1..4).prop_map(Piece::Group))
}

fn tree(with_literals: bool) -> impl Strategy<Value = Vec<Piece>> {
    prop::collection::vec(piece(with_literals), 0..5).prop_map(|mut pieces| {
        separate_openers(&mut pieces);
        pieces
    })
}

/// `{{`, `{%` and `{#` always open Jinja, so an alternative starting with a group or Jinja gets a space.
fn separate_openers(pieces: &mut [Piece]) {
    for piece in pieces {
        if let Piece::Group(alts) = piece {
            for alt in alts.iter_mut() {
                if matches!(alt.first(), Some(Piece::Group(_) | Piece::Jinja(_))) {
                    alt.insert(0, Piece::Text(" ".into()));
                }
                separate_openers(alt);
            }
        }
    }
}

fn source(pieces: &[Piece], out: &mut String) {
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Escaped(c) => {
                out.push('\\');
                out.push(*c);
            }
            Piece::Jinja(j) => out.push_str(j),
            Piece::Group(alts) => {
                out.push('{');
                for (i, alt) in alts.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    source(alt, out);
                }
                out.push('}');
            }
        }
    }
}

fn source_of(pieces: &[Piece]) -> String {
    let mut out = String::new();
    source(pieces, &mut out);
    out
}

fn expected(pieces: &[Piece], path: &mut std::slice::Iter<u16>, out: &mut String) {
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Escaped(c) => out.push(*c),
            Piece::Jinja(j) => out.push_str(j),
            Piece::Group(alts) => {
                let chosen = if alts.len() >= 2 { usize::from(*path.next().unwrap()) } else { 0 };
                expected(&alts[chosen], path, out);
            }
        }
    }
}

fn choices(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Group(alts) => usize::from(alts.len() >= 2) + alts.iter().map(|a| choices(a)).sum::<usize>(),
            _ => 0,
        })
        .sum()
}

/// Starts every alternative with a unique `<n>` so the output tells which alternatives were taken.
fn mark(pieces: &mut [Piece], next: &mut usize) {
    for piece in pieces {
        if let Piece::Group(alts) = piece {
            for alt in alts.iter_mut() {
                alt.insert(0, Piece::Text(format!("<{next}>")));
                *next += 1;
                mark(alt, next);
            }
        }
    }
}

proptest! {
    #[test]
    fn renders_what_the_tree_says_for_the_chosen_path(pieces in tree(true), seed in any::<u64>()) {
        let spin = Spintax::parse(&source_of(&pieces)).unwrap();
        let path = spin.choose(seed);
        prop_assert_eq!(&path, &spin.choose(seed));
        let mut want = String::new();
        let mut picks = path.0.iter();
        expected(&pieces, &mut picks, &mut want);
        prop_assert!(picks.next().is_none(), "the path holds exactly the choices on it");
        let rendered = spin.render(&path);
        prop_assert_eq!(&rendered, &want);
        prop_assert_eq!(spin.render_seeded(seed), (rendered, path));
        prop_assert_eq!(spin.choice_count(), choices(&pieces));
    }

    #[test]
    fn output_holds_no_spintax_syntax(pieces in tree(false), seed in any::<u64>()) {
        let out = Spintax::parse(&source_of(&pieces)).unwrap().render_seeded(seed).0;
        prop_assert!(!out.contains(['{', '}', '|']), "{out:?}");
    }

    #[test]
    fn every_alternative_is_reachable(mut pieces in tree(false)) {
        let mut count = 0;
        mark(&mut pieces, &mut count);
        let spin = Spintax::parse(&source_of(&pieces)).unwrap();
        let mut seen = vec![false; count];
        for seed in 0..1000 {
            let out = spin.render_seeded(seed).0;
            for (id, seen) in seen.iter_mut().enumerate() {
                *seen |= out.contains(&format!("<{id}>"));
            }
        }
        prop_assert!(seen.iter().all(|s| *s), "{seen:?}");
    }

    #[test]
    fn balanced_jinja_regions_survive(pieces in tree(true), jinja in prop::sample::select(JINJA), seed in any::<u64>()) {
        let mut pieces = pieces;
        pieces.push(Piece::Text(" ".into()));
        pieces.push(Piece::Jinja(jinja));
        let spin = Spintax::parse(&source_of(&pieces)).unwrap();
        prop_assert!(spin.render_seeded(seed).0.ends_with(jinja));
    }

    #[test]
    fn blank_out_keeps_every_position(pieces in tree(true)) {
        let src = source_of(&pieces);
        let blanked = blank_out(&src).unwrap();
        prop_assert_eq!(blanked.len(), src.len());
        for (a, b) in src.chars().zip(blanked.chars()) {
            prop_assert!(a == b || (b == ' ' && matches!(a, '{' | '}' | '|' | '\\')), "{a:?} became {b:?}");
        }
    }

    #[test]
    fn stale_paths_never_panic(pieces in tree(true), path in prop::collection::vec(any::<u16>(), 0..8)) {
        let spin = Spintax::parse(&source_of(&pieces)).unwrap();
        let _ = spin.render(&SpinPath(path));
    }
}
