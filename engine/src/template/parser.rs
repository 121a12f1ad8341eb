//! The lenient WXML scanner: turns source text into a raw element tree, leaving
//! attribute values and text undecoded so `{{ }}` parts keep their file offsets.
//!
//! WXML is not XML: attribute values and text may hold `<`, `>` and `&&` inside
//! `{{ }}`, attributes may have no value, and `<wxs>` holds raw script. The scanner is
//! iterative (an explicit stack), so deep input cannot overflow the Rust stack.

/// Deepest element nesting accepted.
pub const MAX_NESTING: usize = 256;

/// An attribute as written.
#[derive(Debug, Clone)]
pub(crate) struct RawAttr {
    pub name: String,
    pub name_off: usize,
    /// The value without quotes, not entity-decoded; `None` for `<input disabled>`.
    pub value: Option<String>,
    /// Byte offset of the value's first character.
    pub value_off: usize,
}

/// An element as written.
#[derive(Debug, Clone)]
pub(crate) struct RawElem {
    pub tag: String,
    /// Byte offset of the `<`.
    pub off: usize,
    pub attrs: Vec<RawAttr>,
    pub children: Vec<RawNode>,
    /// Raw content of a `<wxs>` element.
    pub raw_content: Option<String>,
}

/// A node as written.
#[derive(Debug, Clone)]
pub(crate) enum RawNode {
    Elem(RawElem),
    /// Text (not entity-decoded) and the byte offset of its first character.
    Text(String, usize),
}

/// A scan error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScanError {
    pub off: usize,
    pub message: String,
}

fn err<T>(off: usize, message: impl Into<String>) -> Result<T, ScanError> {
    Err(ScanError {
        off,
        message: message.into(),
    })
}

/// Index of the `}}` closing the `{{` at `start`, skipping quoted strings inside.
pub(crate) fn mustache_end(src: &str, start: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut i = start + 2;
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'') => {
                let mut j = i + 1;
                while j < b.len() && b[j] != q {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                if j >= b.len() {
                    // An unbalanced quote: fall back to the first `}}` after the `{{`.
                    return src.get(start + 2..)?.find("}}").map(|k| k + start + 2);
                }
                i = j + 1;
            }
            b'{' => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => {
                // Closes an object literal: `{{ {a: 1} }}`.
                depth -= 1;
                i += 1;
            }
            b'}' if b.get(i + 1) == Some(&b'}') => return Some(i),
            _ => i += 1,
        }
    }
    None
}

struct Scanner<'s> {
    src: &'s str,
    pos: usize,
}

fn is_name_byte(c: u8) -> bool {
    !(c.is_ascii_whitespace() || matches!(c, b'=' | b'>' | b'/' | b'"' | b'\'' | b'<'))
}

impl<'s> Scanner<'s> {
    fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// Advances past a `{{ ... }}` starting at `pos`.
    fn skip_mustache(&mut self) -> Result<(), ScanError> {
        match mustache_end(self.src, self.pos) {
            Some(end) => {
                self.pos = end + 2;
                Ok(())
            }
            None => err(self.pos, "unterminated `{{`"),
        }
    }

    /// True when `<` at `pos` starts markup (a tag, a close tag, a comment).
    fn at_markup(&self) -> bool {
        let b = self.src.as_bytes();
        b.get(self.pos) == Some(&b'<')
            && b.get(self.pos + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?' | b'_'))
    }

    fn name(&mut self) -> &'s str {
        let start = self.pos;
        while self.peek().is_some_and(is_name_byte) {
            self.pos += 1;
        }
        // Names are ASCII-delimited, so these are char boundaries.
        self.src.get(start..self.pos).unwrap_or("")
    }

    fn text(&mut self) -> Result<RawNode, ScanError> {
        let start = self.pos;
        while self.pos < self.src.len() && !self.at_markup() {
            if self.rest().starts_with("{{") {
                self.skip_mustache()?;
            } else {
                self.pos += self.rest().chars().next().map_or(1, char::len_utf8);
            }
        }
        let text = self.src.get(start..self.pos).unwrap_or("").to_string();
        Ok(RawNode::Text(text, start))
    }

    fn attr_value(&mut self) -> Result<(String, usize), ScanError> {
        match self.peek() {
            Some(q @ (b'"' | b'\'')) => {
                let open = self.pos;
                self.pos += 1;
                let start = self.pos;
                loop {
                    match self.peek() {
                        None => return err(open, "unterminated attribute value"),
                        Some(c) if c == q => break,
                        Some(b'{') if self.rest().starts_with("{{") => self.skip_mustache()?,
                        Some(_) => self.pos += self.rest().chars().next().map_or(1, char::len_utf8),
                    }
                }
                let v = self.src.get(start..self.pos).unwrap_or("").to_string();
                self.pos += 1;
                Ok((v, start))
            }
            _ => {
                let start = self.pos;
                loop {
                    match self.peek() {
                        None => break,
                        Some(c) if c.is_ascii_whitespace() || c == b'>' => break,
                        Some(b'/') if self.rest().starts_with("/>") => break,
                        Some(b'{') if self.rest().starts_with("{{") => self.skip_mustache()?,
                        Some(b'"' | b'\'' | b'<' | b'=') => {
                            return err(self.pos, "bad attribute syntax: unexpected quote or `<`")
                        }
                        Some(_) => self.pos += self.rest().chars().next().map_or(1, char::len_utf8),
                    }
                }
                if self.pos == start {
                    return err(start, "bad attribute syntax: missing value after `=`");
                }
                Ok((
                    self.src.get(start..self.pos).unwrap_or("").to_string(),
                    start,
                ))
            }
        }
    }

    /// Parses `<tag attrs...>` or `<tag .../>` with `pos` on the `<`.
    /// Returns the element and whether it was self-closing.
    fn open_tag(&mut self) -> Result<(RawElem, bool), ScanError> {
        let off = self.pos;
        self.pos += 1;
        let tag = self.name().to_string();
        if tag.is_empty() {
            return err(off, "bad tag name");
        }
        let mut attrs: Vec<RawAttr> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => {
                    return err(
                        off,
                        format!("unclosed tag `<{tag}`: end of file inside the tag"),
                    )
                }
                Some(b'>') => {
                    self.pos += 1;
                    return Ok((elem(tag, off, attrs), false));
                }
                Some(b'/') if self.rest().starts_with("/>") => {
                    self.pos += 2;
                    return Ok((elem(tag, off, attrs), true));
                }
                Some(_) => {}
            }
            let name_off = self.pos;
            let name = self.name().to_string();
            if name.is_empty() {
                let c = self.rest().chars().next().unwrap_or(' ');
                return err(name_off, format!("bad attribute syntax: unexpected `{c}`"));
            }
            self.skip_ws();
            let (value, value_off) = if self.peek() == Some(b'=') {
                self.pos += 1;
                self.skip_ws();
                let (v, o) = self.attr_value()?;
                (Some(v), o)
            } else {
                (None, self.pos)
            };
            // A repeated attribute: the last one wins, as in browsers' DOM setAttribute.
            attrs.retain(|a| a.name != name);
            attrs.push(RawAttr {
                name,
                name_off,
                value,
                value_off,
            });
        }
    }
}

fn elem(tag: String, off: usize, attrs: Vec<RawAttr>) -> RawElem {
    RawElem {
        tag,
        off,
        attrs,
        children: Vec::new(),
        raw_content: None,
    }
}

/// Scans a whole file into its top-level raw nodes.
/// `describe` turns an offset into `line:col` for messages that mention another place.
pub(crate) fn scan(
    src: &str,
    describe: &dyn Fn(usize) -> String,
) -> Result<Vec<RawNode>, ScanError> {
    let mut s = Scanner { src, pos: 0 };
    let mut top: Vec<RawNode> = Vec::new();
    let mut stack: Vec<RawElem> = Vec::new();
    fn push(stack: &mut [RawElem], top: &mut Vec<RawNode>, n: RawNode) {
        match stack.last_mut() {
            Some(p) => p.children.push(n),
            None => top.push(n),
        }
    }
    while s.pos < src.len() {
        if !s.at_markup() {
            let t = s.text()?;
            push(&mut stack, &mut top, t);
            continue;
        }
        let rest = s.rest();
        if rest.starts_with("<!--") {
            match rest.get(4..).and_then(|r| r.find("-->")) {
                Some(k) => s.pos += 4 + k + 3,
                None => return err(s.pos, "unterminated comment `<!--`"),
            }
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            match rest.find('>') {
                Some(k) => s.pos += k + 1,
                None => return err(s.pos, "unterminated `<!` declaration"),
            }
        } else if rest.starts_with("</") {
            let off = s.pos;
            s.pos += 2;
            s.skip_ws();
            let name = s.name().to_string();
            s.skip_ws();
            if s.peek() != Some(b'>') {
                return err(off, format!("bad close tag `</{name}`: expected `>`"));
            }
            s.pos += 1;
            match stack.pop() {
                None => {
                    return err(
                        off,
                        format!("unexpected close tag `</{name}>`: no element is open"),
                    )
                }
                Some(open) if open.tag != name => {
                    return err(
                        off,
                        format!(
                            "mismatched close tag `</{name}>`: expected `</{}>` (opened at {})",
                            open.tag,
                            describe(open.off)
                        ),
                    )
                }
                Some(open) => push(&mut stack, &mut top, RawNode::Elem(open)),
            }
        } else {
            let (mut el, self_closing) = s.open_tag()?;
            if self_closing {
                push(&mut stack, &mut top, RawNode::Elem(el));
            } else if el.tag == "wxs" {
                let body_start = s.pos;
                let Some(k) = s.rest().find("</wxs") else {
                    return err(el.off, "unclosed tag `<wxs>`");
                };
                el.raw_content = Some(
                    src.get(body_start..body_start + k)
                        .unwrap_or("")
                        .to_string(),
                );
                s.pos = body_start + k;
                match s.rest().find('>') {
                    Some(j) => s.pos += j + 1,
                    None => return err(el.off, "unclosed tag `<wxs>`"),
                }
                push(&mut stack, &mut top, RawNode::Elem(el));
            } else {
                if stack.len() >= MAX_NESTING {
                    return err(el.off, format!("elements nested deeper than {MAX_NESTING}"));
                }
                stack.push(el);
            }
        }
    }
    if let Some(open) = stack.pop() {
        return err(open.off, format!("unclosed tag `<{}>`", open.tag));
    }
    Ok(top)
}
