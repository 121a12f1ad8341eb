//! The binding index: a trie over data-path segments, so a patch finds the bindings
//! that read a changed path by walking that path (plus the subtree under it), never by
//! scanning all bindings.

use std::collections::HashMap;

use crate::data::Seg;

/// Bindings by the paths they read.
#[derive(Debug, Default)]
pub(super) struct Trie {
    here: Vec<usize>,
    kids: HashMap<Seg, Trie>,
}

/// `obj.0` and `obj[0]` name the same property; index both as `Index`.
fn norm(seg: &Seg) -> Seg {
    match seg {
        Seg::Key(k) => match k.parse::<usize>() {
            Ok(i) if i.to_string() == *k => Seg::Index(i),
            _ => seg.clone(),
        },
        Seg::Index(_) => seg.clone(),
    }
}

impl Trie {
    pub(super) fn insert(&mut self, path: &[Seg], id: usize) {
        let mut n = self;
        for s in path {
            n = n.kids.entry(norm(s)).or_default();
        }
        n.here.push(id);
    }

    pub(super) fn remove(&mut self, path: &[Seg], id: usize) {
        let mut n = self;
        for s in path {
            match n.kids.get_mut(&norm(s)) {
                Some(k) => n = k,
                None => return,
            }
        }
        if let Some(p) = n.here.iter().position(|x| *x == id) {
            n.here.swap_remove(p);
        }
    }

    /// Bindings whose read path is a prefix of `path` or lies under it.
    pub(super) fn collect(&self, path: &[Seg], out: &mut Vec<usize>) {
        let mut n = self;
        out.extend_from_slice(&n.here);
        for s in path {
            match n.kids.get(&norm(s)) {
                Some(k) => {
                    n = k;
                    out.extend_from_slice(&n.here);
                }
                None => return,
            }
        }
        let mut stack: Vec<&Trie> = n.kids.values().collect();
        while let Some(t) = stack.pop() {
            out.extend_from_slice(&t.here);
            stack.extend(t.kids.values());
        }
    }
}
