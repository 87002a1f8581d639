//! Conversion of Smithy `documentation` trait HTML into rustdoc Markdown.
//!
//! AWS models document shapes with a loose HTML dialect: `<p>`, lists, `<code>`, links,
//! plus AWS-only tags such as `<note>`, `<important>` and `<fullname>`. The text also
//! contains unescaped placeholders that look like tags (`arn:aws:iot:<region>:<accountid>`)
//! and many strings are plain text without any markup at all.
//!
//! The conversion runs in two stages:
//! 1. `parse` builds a forgiving element tree. It never fails: anything that is not
//!    recognisable markup is kept as text, and unclosed elements are closed at the end.
//! 2. `render_blocks` walks the tree and produces Markdown blocks (paragraphs, lists,
//!    fenced code) that are finally joined with blank lines.
//!
//! Text is escaped so that rustdoc renders it literally: `[x]` would otherwise become an
//! intra-doc link, `<x>` an HTML tag and `*x*` emphasis, each either rendered wrongly or
//! reported by a rustdoc lint.

use std::collections::HashSet;

/// Deepest element nesting kept as structure. Deeper start tags are ignored (their text is
/// kept) so that the recursive rendering stays bounded on hostile input.
const MAX_DEPTH: usize = 64;

/// Longest stretch scanned for the end of a tag or declaration. Without a bound, input such
/// as `<a b='<a b='<a b='...` would make parsing quadratic.
const MAX_TAG_LEN: usize = 4096;

/// Whether a tag name is always treated as markup. Any other name (for example the
/// AWS-specific `<filename>`) counts as markup only when the document also closes it,
/// because AWS text is full of never-closed placeholders like `<region>` or `<bucket>`
/// that must stay visible.
fn is_html_tag(name: &str) -> bool {
    // Names that [`classify`] knows only for the AWS example markup; as placeholders
    // (`<name>`) they are common words.
    let aws_extension = matches!(
        name,
        "para" | "examples" | "example" | "name" | "description" | "request" | "response"
    );
    // HTML elements that render as their plain content.
    let transparent_html = matches!(
        name,
        "span"
            | "sub"
            | "sup"
            | "u"
            | "s"
            | "small"
            | "big"
            | "font"
            | "abbr"
            | "del"
            | "ins"
            | "strike"
            | "img"
            | "wbr"
    );
    !aws_extension && (classify(name) != Kind::Inline || transparent_html)
}

/// Converts the HTML of a `smithy.api#documentation` trait into Markdown for rustdoc.
///
/// Never panics; malformed markup degrades to escaped text. The result has no leading or
/// trailing blank lines and no trailing whitespace on any line.
pub fn html_to_markdown(html: &str) -> String {
    let input = normalize_input(html);
    let root = parse(&input);
    join_blocks(&render_blocks(&root.children, Ctx::default()))
}

/// Normalises line endings and drops control characters: a bare carriage return is a hard
/// error inside Rust doc comments, and other control characters are invisible noise.
fn normalize_input(html: &str) -> String {
    // Fast path for the common case. The lead byte 0xC2 starts the C1 controls (and some
    // harmless characters, which merely take the slow path).
    let suspicious = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F || b == 0xC2;
    if !html.bytes().any(suspicious) {
        return html.to_string();
    }
    let unified = html.replace("\r\n", "\n").replace('\r', "\n");
    unified
        .chars()
        .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
        .collect()
}

// ---------------------------------------------------------------------------------------
// Tree
// ---------------------------------------------------------------------------------------

#[derive(Debug)]
enum Node {
    /// Text with entities already decoded and whitespace as in the source.
    Text(String),
    Element(Element),
}

#[derive(Debug)]
struct Element {
    name: String,
    kind: Kind,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl Element {
    fn new(name: String, attrs: Vec<(String, String)>) -> Self {
        Element {
            kind: classify(&name),
            name,
            attrs,
            children: Vec::new(),
        }
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(attr, _)| attr == name)
            .map(|(_, value)| value.as_str())
    }
}

/// How an element is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Block of paragraphs without decoration: `p`, `div`, `fullname`, ...
    Block,
    List {
        ordered: bool,
    },
    Item,
    DefList,
    DefTerm,
    DefDesc,
    /// Preformatted text, rendered as a fenced block.
    Pre,
    /// AWS `<note>` / `<important>`: paragraphs prefixed with a bold label.
    Callout(&'static str),
    /// Headings become bold paragraphs: real Markdown headings inside the docs of a struct
    /// field would dwarf the surrounding rustdoc page structure.
    Heading,
    Break,
    Code,
    Link,
    Strong,
    Emphasis,
    /// Transparent inline element (`span`, unknown closed tags): only its content is kept.
    Inline,
    /// Dropped together with its content.
    Skip,
}

impl Kind {
    fn is_inline(self) -> bool {
        matches!(
            self,
            Kind::Break | Kind::Code | Kind::Link | Kind::Strong | Kind::Emphasis | Kind::Inline
        )
    }
}

fn classify(name: &str) -> Kind {
    match name {
        "p" | "fullname" | "para" | "div" | "section" | "blockquote" | "center" | "hr"
        | "table" | "thead" | "tbody" | "tfoot" | "tr" | "td" | "th" | "caption" => Kind::Block,
        // The AWS example markup found in older models (cognito-sync).
        "examples" | "example" | "name" | "description" => Kind::Block,
        "request" | "response" | "pre" => Kind::Pre,
        "ul" => Kind::List { ordered: false },
        "ol" => Kind::List { ordered: true },
        "li" => Kind::Item,
        "dl" => Kind::DefList,
        "dt" => Kind::DefTerm,
        "dd" => Kind::DefDesc,
        "note" => Kind::Callout("Note"),
        "important" => Kind::Callout("Important"),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading,
        "br" => Kind::Break,
        "code" | "tt" | "kbd" | "samp" => Kind::Code,
        "a" => Kind::Link,
        "b" | "strong" => Kind::Strong,
        "i" | "em" | "cite" | "var" | "dfn" => Kind::Emphasis,
        "script" | "style" => Kind::Skip,
        _ => Kind::Inline,
    }
}

/// Elements that never have content, so they are not pushed on the open-element stack.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "br" | "hr" | "img" | "wbr" | "col" | "input" | "meta" | "link"
    )
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

/// A syntactically valid start or end tag found in the source.
struct Tag {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: Vec<(String, String)>,
    /// Length of the tag in the source, in bytes.
    len: usize,
}

struct Parser {
    /// Names that appear in some end tag of the document; see [`is_html_tag`].
    closing_names: HashSet<String>,
    /// Open elements; `stack[0]` is the nameless root and is never popped.
    stack: Vec<Element>,
}

fn parse(src: &str) -> Element {
    let mut parser = Parser {
        closing_names: closing_tag_names(src),
        stack: vec![Element::new(String::new(), Vec::new())],
    };
    let mut rest = src;
    while let Some(lt) = rest.find('<') {
        parser.text(&rest[..lt]);
        rest = &rest[lt..];
        match parser.markup(rest) {
            // Not markup: the `<` is literal text and scanning resumes right after it.
            0 => {
                parser.text("<");
                rest = &rest[1..];
            }
            consumed => rest = &rest[consumed..],
        }
    }
    parser.text(rest);
    parser.finish()
}

fn closing_tag_names(src: &str) -> HashSet<String> {
    src.match_indices("</")
        .filter_map(|(at, _)| {
            let start = at + 2;
            let len = src.as_bytes()[start..]
                .iter()
                .take_while(|b| is_name_byte(**b))
                .count();
            (len > 0).then(|| src[start..start + len].to_ascii_lowercase())
        })
        .collect()
}

impl Parser {
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        let children = &mut self.top().children;
        // Adjacent text is merged so that escaping and URL detection see whole words.
        if let Some(Node::Text(last)) = children.last_mut() {
            last.push_str(&decoded);
        } else {
            children.push(Node::Text(decoded));
        }
    }

    fn top(&mut self) -> &mut Element {
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    /// Handles the markup starting at `s` (which starts with `<`) and returns how many bytes
    /// it consumed, or 0 when the `<` is literal text.
    fn markup(&mut self, s: &str) -> usize {
        if let Some(body) = s.strip_prefix("<!--") {
            // An unterminated comment swallows the rest, as in browsers.
            return body.find("-->").map_or(s.len(), |end| 4 + end + 3);
        }
        if s.starts_with("<!") || s.starts_with("<?") {
            return declaration_len(s).unwrap_or(0);
        }
        let Some(tag) = parse_tag(s) else {
            return 0;
        };
        if !is_html_tag(&tag.name) && !self.closing_names.contains(&tag.name) {
            return 0;
        }
        let len = tag.len;
        if tag.closing {
            self.close(&tag.name);
        } else {
            self.open(tag);
        }
        len
    }

    fn open(&mut self, tag: Tag) {
        self.close_implied(&tag.name);
        let leaf = tag.self_closing || is_void(&tag.name) || self.stack.len() > MAX_DEPTH;
        let element = Element::new(tag.name, tag.attrs);
        if leaf {
            self.top().children.push(Node::Element(element));
        } else {
            self.stack.push(element);
        }
    }

    /// Closes the innermost open element with this name and everything opened inside it;
    /// an end tag without a matching open element is ignored.
    fn close(&mut self, name: &str) {
        if let Some(index) = self.stack.iter().rposition(|open| open.name == name) {
            self.pop_to(index.max(1));
        }
    }

    /// HTML lets `</li>`, `</dt>` and `</dd>` be omitted; a new item closes the previous one
    /// so that it does not nest inside it.
    fn close_implied(&mut self, name: &str) {
        let (targets, scope): (&[&str], &[&str]) = match name {
            "li" => (&["li"], &["ul", "ol"]),
            "dt" | "dd" => (&["dt", "dd"], &["dl"]),
            _ => return,
        };
        for index in (1..self.stack.len()).rev() {
            let open = self.stack[index].name.as_str();
            if scope.contains(&open) {
                return;
            }
            if targets.contains(&open) {
                self.pop_to(index);
                return;
            }
        }
    }

    /// Pops elements until the stack has `len` entries, attaching each to its parent.
    fn pop_to(&mut self, len: usize) {
        while self.stack.len() > len.max(1) {
            if let Some(element) = self.stack.pop() {
                self.top().children.push(Node::Element(element));
            }
        }
    }

    fn finish(mut self) -> Element {
        self.pop_to(1);
        self.stack
            .pop()
            .unwrap_or_else(|| Element::new(String::new(), Vec::new()))
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')
}

/// Length of a `<!DOCTYPE ...>` or `<?xml ...?>` declaration at the start of `s`.
/// A `<` before the closing `>` means this is not one, which keeps scanning linear.
fn declaration_len(s: &str) -> Option<usize> {
    let end = 1 + s[1..].find(['<', '>'])?;
    (s.as_bytes()[end] == b'>').then_some(end + 1)
}

/// Cuts `s` to at most [`MAX_TAG_LEN`] bytes on a character boundary.
fn tag_window(s: &str) -> &str {
    let mut end = s.len().min(MAX_TAG_LEN);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Parses a start or end tag at the beginning of `s`, or returns `None` when the text is
/// not tag syntax (`< 5`, `<key=value>`, a `<` without a closing `>`).
fn parse_tag(s: &str) -> Option<Tag> {
    let s = tag_window(s);
    let bytes = s.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = scan(bytes, name_start, is_name_byte);
    let after = *bytes.get(name_end)?;
    if !(after.is_ascii_whitespace() || after == b'/' || after == b'>') {
        return None;
    }
    let mut tag = Tag {
        name: s[name_start..name_end].to_ascii_lowercase(),
        closing,
        self_closing: false,
        attrs: Vec::new(),
        len: 0,
    };
    if closing {
        // End tags carry no attributes; whatever precedes `>` is ignored.
        let end = name_end
            + bytes[name_end..]
                .iter()
                .position(|&b| b == b'>' || b == b'<')?;
        (bytes[end] == b'>').then_some(())?;
        tag.len = end + 1;
        return Some(tag);
    }
    let mut at = name_end;
    loop {
        at = scan(bytes, at, |b| b.is_ascii_whitespace());
        match *bytes.get(at)? {
            b'>' => {
                tag.len = at + 1;
                return Some(tag);
            }
            b'/' if bytes.get(at + 1) == Some(&b'>') => {
                tag.self_closing = true;
                tag.len = at + 2;
                return Some(tag);
            }
            b'/' => at += 1,
            _ => {
                let (attr, next) = parse_attr(s, at)?;
                tag.attrs.push(attr);
                at = next;
            }
        }
    }
}

/// Parses `name`, `name=value`, `name="value"` or `name='value'` at `at`.
fn parse_attr(s: &str, at: usize) -> Option<((String, String), usize)> {
    let bytes = s.as_bytes();
    let name_end = scan(bytes, at, |b| {
        !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/' | b'<' | b'"' | b'\'')
    });
    if name_end == at {
        // A stray quote or `<` inside what looked like a tag: treat the whole as text.
        return None;
    }
    let name = s[at..name_end].to_ascii_lowercase();
    let eq = scan(bytes, name_end, |b| b.is_ascii_whitespace());
    if bytes.get(eq) != Some(&b'=') {
        return Some(((name, String::new()), name_end));
    }
    let value_start = scan(bytes, eq + 1, |b| b.is_ascii_whitespace());
    let quote = *bytes.get(value_start)?;
    if quote == b'"' || quote == b'\'' {
        let close = value_start + 1 + bytes[value_start + 1..].iter().position(|&b| b == quote)?;
        let value = decode_entities(&s[value_start + 1..close]);
        return Some(((name, value), close + 1));
    }
    let value_end = scan(bytes, value_start, |b| {
        !b.is_ascii_whitespace() && b != b'>' && b != b'<'
    });
    let value = decode_entities(&s[value_start..value_end]);
    Some(((name, value), value_end))
}

/// Index of the first byte at or after `from` that does not satisfy `keep`.
fn scan(bytes: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    from + bytes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| keep(**b))
        .count()
}

// ---------------------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------------------

/// Decodes character references; unknown or malformed ones are left as they are.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the reference at the start of `s` (which starts with `&`) into a character and
/// the number of bytes it spans.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    // References are short; bounding the search keeps `&&&&...` input linear.
    let semi = s.bytes().take(32).position(|b| b == b';')?;
    let body = &s[1..semi];
    let c = match body.strip_prefix('#') {
        Some(number) => decode_numeric(number)?,
        None => named_entity(body)?,
    };
    Some((c, semi + 1))
}

fn decode_numeric(number: &str) -> Option<char> {
    // The integer parsers accept a leading `+`, which is not valid in a reference.
    if number.contains('+') {
        return None;
    }
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    // Control characters (NUL, bare CR, ...) would be invalid or invisible in a doc comment.
    char::from_u32(code).filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        // Non-breaking and typographic spaces become plain spaces: the distinction is lost on
        // rustdoc readers, and a U+00A0 would survive whitespace collapsing invisibly.
        "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "hellip" => '\u{2026}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "laquo" => '\u{AB}',
        "raquo" => '\u{BB}',
        "bull" => '\u{2022}',
        "middot" => '\u{B7}',
        "copy" => '\u{A9}',
        "reg" => '\u{AE}',
        "trade" => '\u{2122}',
        "deg" => '\u{B0}',
        "times" => '\u{D7}',
        "divide" => '\u{F7}',
        "plusmn" => '\u{B1}',
        "le" => '\u{2264}',
        "ge" => '\u{2265}',
        "ne" => '\u{2260}',
        "minus" => '\u{2212}',
        "larr" => '\u{2190}',
        "rarr" => '\u{2192}',
        "euro" => '\u{20AC}',
        "pound" => '\u{A3}',
        "yen" => '\u{A5}',
        "cent" => '\u{A2}',
        "sect" => '\u{A7}',
        "para" => '\u{B6}',
        "micro" => '\u{B5}',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------
// Block rendering
// ---------------------------------------------------------------------------------------

/// Formatting already in effect, so nested `<b><b>` or `<i><i>` do not emit `****`, which
/// Markdown would misread.
#[derive(Clone, Copy, Debug, Default)]
struct Ctx {
    strong: bool,
    emphasis: bool,
    /// Inside link text: links cannot nest, so inner links and bare URLs stay plain text.
    link: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BlockKind {
    Paragraph,
    List,
    Fence,
}

/// One Markdown block; blocks are separated by a blank line.
#[derive(Debug)]
struct Block {
    kind: BlockKind,
    text: String,
}

impl Block {
    fn paragraph(text: String) -> Self {
        Block {
            kind: BlockKind::Paragraph,
            text,
        }
    }
}

fn join_blocks(blocks: &[Block]) -> String {
    let joined = blocks
        .iter()
        .map(|block| block.text.as_str())
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    let lines: Vec<&str> = joined.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

fn render_blocks(nodes: &[Node], ctx: Ctx) -> Vec<Block> {
    let mut writer = BlockWriter::new(ctx);
    for node in nodes {
        writer.visit(node);
    }
    writer.finish()
}

/// Collects the blocks of one container: inline content accumulates into the current
/// paragraph until a block-level element ends it.
struct BlockWriter {
    ctx: Ctx,
    blocks: Vec<Block>,
    inline: Inline,
    /// `<li>` elements found outside any list, gathered into one implied bullet list.
    orphan_items: Vec<Vec<Block>>,
}

impl BlockWriter {
    fn new(ctx: Ctx) -> Self {
        BlockWriter {
            ctx,
            blocks: Vec::new(),
            inline: Inline::new(ctx),
            orphan_items: Vec::new(),
        }
    }

    fn visit(&mut self, node: &Node) {
        let element = match node {
            Node::Text(text) => {
                if !text.trim().is_empty() {
                    self.flush_items();
                }
                self.inline.text(text);
                return;
            }
            Node::Element(element) => element,
        };
        match element.kind {
            // Transparent elements may wrap blocks, so their children are visited here
            // rather than in the inline writer.
            Kind::Inline => element.children.iter().for_each(|child| self.visit(child)),
            Kind::Item => {
                self.flush_paragraph();
                let item = render_blocks(&element.children, self.ctx);
                self.orphan_items.push(item);
            }
            Kind::Skip => {}
            kind if kind.is_inline() => {
                self.flush_items();
                self.inline.element(element);
            }
            _ => {
                self.flush_paragraph();
                self.flush_items();
                let blocks = render_block_element(element, self.ctx);
                self.blocks.extend(blocks);
            }
        }
    }

    fn flush_paragraph(&mut self) {
        let inline = std::mem::replace(&mut self.inline, Inline::new(self.ctx));
        self.blocks.extend(paragraph(&inline.out));
    }

    fn flush_items(&mut self) {
        let items = std::mem::take(&mut self.orphan_items);
        self.blocks.extend(compose_list(items, false));
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush_paragraph();
        self.flush_items();
        self.blocks
    }
}

fn render_block_element(element: &Element, ctx: Ctx) -> Vec<Block> {
    match element.kind {
        Kind::List { ordered } => render_list(&element.children, ordered, ctx)
            .into_iter()
            .collect(),
        Kind::DefList => render_def_list(&element.children, ctx)
            .into_iter()
            .collect(),
        Kind::DefTerm | Kind::Heading => render_bold_blocks(&element.children, ctx),
        Kind::Pre => render_pre(element).into_iter().collect(),
        Kind::Callout(label) => render_callout(label, &element.children, ctx),
        _ => render_blocks(&element.children, ctx),
    }
}

/// Turns the accumulated inline Markdown into a paragraph. `\n` marks `<br>`; it becomes a
/// backslash hard break, since trailing double spaces would be trailing whitespace.
fn paragraph(inline: &str) -> Option<Block> {
    let lines: Vec<String> = inline
        .split('\n')
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(escape_line_start)
        .collect();
    (!lines.is_empty()).then(|| Block::paragraph(lines.join("\\\n")))
}

/// Escapes text at the start of a line that Markdown would read as a block marker:
/// a heading (`#`), a list item (`- x`, `+ x`, `1. x`, `1) x`), a thematic break or a
/// setext underline (`---`, `===`). Other markers (`>`, `*`, `` ` ``, `~`) are escaped
/// everywhere by [`escape_text`].
fn escape_line_start(line: &str) -> String {
    let bytes = line.as_bytes();
    let at = match bytes.first() {
        Some(b'#') => Some(0),
        Some(b'-' | b'+' | b'=') => {
            let marker =
                matches!(bytes.get(1), None | Some(b' ')) || bytes.iter().all(|b| *b == bytes[0]);
            marker.then_some(0)
        }
        Some(b'0'..=b'9') => ordered_marker_dot(bytes),
        _ => None,
    };
    match at {
        Some(at) => format!("{}\\{}", &line[..at], &line[at..]),
        None => line.to_string(),
    }
}

/// Position of the `.` or `)` in an ordered-list marker such as `12. ` at the line start.
fn ordered_marker_dot(bytes: &[u8]) -> Option<usize> {
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let is_marker = digits <= 9
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && matches!(bytes.get(digits + 1), None | Some(b' '));
    is_marker.then_some(digits)
}

fn render_list(children: &[Node], ordered: bool, ctx: Ctx) -> Option<Block> {
    let mut items: Vec<Vec<Block>> = Vec::new();
    // Content directly inside `<ul>` that is not an `<li>` (typically a nested list written
    // as a sibling of the items) is attached to the preceding item.
    let mut stray_start: Option<usize> = None;
    for (index, node) in children.iter().enumerate() {
        match node {
            Node::Element(element) if element.kind == Kind::Item => {
                if let Some(start) = stray_start.take() {
                    attach_to_last(&mut items, render_blocks(&children[start..index], ctx));
                }
                items.push(render_blocks(&element.children, ctx));
            }
            Node::Text(text) if text.trim().is_empty() => {}
            _ => {
                stray_start.get_or_insert(index);
            }
        }
    }
    if let Some(start) = stray_start {
        attach_to_last(&mut items, render_blocks(&children[start..], ctx));
    }
    compose_list(items, ordered)
}

fn attach_to_last(items: &mut Vec<Vec<Block>>, blocks: Vec<Block>) {
    match items.last_mut() {
        Some(item) => item.extend(blocks),
        None => items.push(blocks),
    }
}

/// A `<dt>` with the blocks of its `<dd>`s.
struct DefItem {
    blocks: Vec<Block>,
    /// The term has not received a definition yet.
    awaiting_definition: bool,
}

/// Renders `<dl>` as a bullet list of `**term**: definition` entries.
fn render_def_list(children: &[Node], ctx: Ctx) -> Option<Block> {
    let mut items: Vec<DefItem> = Vec::new();
    for node in children {
        match node {
            Node::Element(element) if element.kind == Kind::DefTerm => items.push(DefItem {
                blocks: render_bold_blocks(&element.children, ctx),
                awaiting_definition: true,
            }),
            Node::Element(element) if element.kind == Kind::DefDesc => {
                add_definition(&mut items, render_blocks(&element.children, ctx));
            }
            Node::Text(text) if text.trim().is_empty() => {}
            _ => add_definition(&mut items, render_blocks(std::slice::from_ref(node), ctx)),
        }
    }
    compose_list(items.into_iter().map(|item| item.blocks).collect(), false)
}

fn add_definition(items: &mut Vec<DefItem>, mut blocks: Vec<Block>) {
    let Some(item) = items.last_mut() else {
        items.push(DefItem {
            blocks,
            awaiting_definition: false,
        });
        return;
    };
    // A one-paragraph term and a definition starting with a paragraph share one line,
    // which reads like a glossary entry.
    let term_only = item.awaiting_definition
        && item.blocks.len() == 1
        && item.blocks[0].kind == BlockKind::Paragraph;
    if term_only
        && blocks
            .first()
            .is_some_and(|b| b.kind == BlockKind::Paragraph)
    {
        let definition = blocks.remove(0);
        let term = &mut item.blocks[0].text;
        *term = format!("{term}: {}", definition.text);
    }
    item.awaiting_definition = false;
    item.blocks.extend(blocks);
}

/// Builds a list block; empty items are skipped so `<li></li>` leaves no bare marker.
fn compose_list(items: Vec<Vec<Block>>, ordered: bool) -> Option<Block> {
    let rendered: Vec<String> = items
        .into_iter()
        .filter(|blocks| !blocks.is_empty())
        .enumerate()
        .map(|(index, blocks)| {
            let marker = if ordered {
                format!("{}. ", index + 1)
            } else {
                "- ".to_string()
            };
            compose_item(&marker, &blocks)
        })
        .collect();
    (!rendered.is_empty()).then(|| Block {
        kind: BlockKind::List,
        text: rendered.join("\n"),
    })
}

/// Puts the first block on the marker line and indents everything else by the marker's
/// width, which is what makes Markdown keep it inside the item.
fn compose_item(marker: &str, blocks: &[Block]) -> String {
    let mut body = String::new();
    for (index, block) in blocks.iter().enumerate() {
        if index > 0 {
            // A nested list directly under the item's text stays tight; anything else is a
            // separate paragraph of the item.
            let tight =
                block.kind == BlockKind::List && blocks[index - 1].kind == BlockKind::Paragraph;
            body.push_str(if tight { "\n" } else { "\n\n" });
        }
        body.push_str(&block.text);
    }
    let indent = " ".repeat(marker.len());
    let mut out = String::with_capacity(body.len() + marker.len());
    for (index, line) in body.split('\n').enumerate() {
        if index == 0 {
            out.push_str(marker);
        } else {
            out.push('\n');
            if !line.is_empty() {
                out.push_str(&indent);
            }
        }
        out.push_str(line);
    }
    out
}

/// Renders headings and definition terms as bold paragraphs.
fn render_bold_blocks(nodes: &[Node], ctx: Ctx) -> Vec<Block> {
    let inner = Ctx {
        strong: true,
        ..ctx
    };
    let mut blocks = render_blocks(nodes, inner);
    if !ctx.strong {
        for block in &mut blocks {
            if block.kind == BlockKind::Paragraph {
                block.text = format!("**{}**", block.text);
            }
        }
    }
    blocks
}

fn render_callout(label: &str, nodes: &[Node], ctx: Ctx) -> Vec<Block> {
    let mut blocks = render_blocks(nodes, ctx);
    let prefix = format!("**{label}:**");
    match blocks.first_mut() {
        Some(first) if first.kind == BlockKind::Paragraph => {
            first.text = format!("{prefix} {}", first.text);
        }
        Some(_) => blocks.insert(0, Block::paragraph(prefix)),
        // An empty note says nothing; a lone label would only confuse.
        None => {}
    }
    blocks
}

/// Renders preformatted text as a fenced block tagged `text`, so rustdoc neither
/// compiles it as a doctest nor highlights it as Rust.
fn render_pre(element: &Element) -> Option<Block> {
    let mut raw = String::new();
    collect_text(&element.children, &mut raw);
    let body = dedent(&raw);
    if body.is_empty() {
        return None;
    }
    let fence = "`".repeat(longest_run(&body, '`').max(2) + 1);
    Some(Block {
        kind: BlockKind::Fence,
        text: format!("{fence}text\n{body}\n{fence}"),
    })
}

/// Drops surrounding blank lines, trailing whitespace and the indentation shared by all
/// lines (the source indentation of the model file, not of the example).
fn dedent(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().map(str::trim_end).collect();
    let Some(first) = lines.iter().position(|line| !line.is_empty()) else {
        return String::new();
    };
    let last = lines
        .iter()
        .rposition(|line| !line.is_empty())
        .unwrap_or(first);
    let content = &lines[first..=last];
    let indentation = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    // Compared byte by byte, so lines mixing tabs and spaces only lose what they share.
    let mut common = &content[0][..indentation(content[0])];
    for line in content.iter().filter(|line| !line.is_empty()) {
        let shared = common
            .bytes()
            .zip(line.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        common = &common[..shared];
    }
    content
        .iter()
        .map(|line| line.get(common.len()..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Appends the text of `nodes`, with `<br>` as a newline and blocks on their own lines.
fn collect_text(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(element) => match element.kind {
                Kind::Break => out.push('\n'),
                Kind::Skip => {}
                kind if kind.is_inline() => collect_text(&element.children, out),
                _ => {
                    out.push('\n');
                    collect_text(&element.children, out);
                    out.push('\n');
                }
            },
        }
    }
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for ch in text.chars() {
        current = if ch == c { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}

// ---------------------------------------------------------------------------------------
// Inline rendering
// ---------------------------------------------------------------------------------------

/// Accumulates the inline Markdown of one paragraph while collapsing whitespace: spaces are
/// only materialised between two pieces of content, so none end up at the edges.
struct Inline {
    ctx: Ctx,
    out: String,
    /// Whitespace was seen before any content; matters when this is the inside of
    /// `<b> x</b>`, whose space must move outside the `**`.
    leading_space: bool,
    /// Whitespace was seen after the last content.
    pending_space: bool,
    /// The pending space only came from inside an element, as in `<code>x </code>.`; it
    /// is dropped before closing punctuation, where authors clearly did not intend one.
    soft_space: bool,
    /// The output ends with an emphasis marker preceded by punctuation (`**Note:**`), which
    /// only closes the emphasis when followed by whitespace or punctuation.
    fragile_close: bool,
    /// Where the last emphasis ended and its marker, to merge `<i>a</i><i>b</i>` into
    /// `*ab*`: `*a**b*` would print asterisks.
    emphasis_end: Option<(usize, &'static str)>,
    /// Reused buffer for escaping one word, saving an allocation per word.
    scratch: String,
}

/// Rendered content of an inline element plus whether whitespace surrounded it.
struct Fragment {
    body: String,
    leading_space: bool,
    trailing_space: bool,
}

impl Inline {
    fn new(ctx: Ctx) -> Self {
        Inline {
            ctx,
            out: String::new(),
            leading_space: false,
            pending_space: false,
            soft_space: false,
            fragile_close: false,
            emphasis_end: None,
            scratch: String::new(),
        }
    }

    fn space(&mut self) {
        if self.out.is_empty() {
            self.leading_space = true;
        } else if !self.out.ends_with('\n') {
            self.pending_space = true;
            self.soft_space = false;
        }
    }

    fn soft_space(&mut self) {
        if !self.pending_space {
            self.space();
            self.soft_space = self.pending_space;
        }
    }

    /// Appends Markdown that is already escaped.
    fn push(&mut self, markdown: &str) {
        if markdown.is_empty() {
            return;
        }
        let closes = matches!(
            markdown.as_bytes().first(),
            Some(b'.' | b',' | b';' | b':' | b'!' | b'?' | b')')
        );
        let space = std::mem::take(&mut self.pending_space) && !(self.soft_space && closes);
        // `**Note:**The` would print its asterisks; a space is the least intrusive fix.
        let unclosed = std::mem::take(&mut self.fragile_close)
            && !markdown.starts_with(|c: char| is_punctuation(c) || c.is_whitespace());
        if space || unclosed {
            self.out.push(' ');
        }
        self.out.push_str(markdown);
    }

    fn line_break(&mut self) {
        self.pending_space = false;
        self.fragile_close = false;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn text(&mut self, text: &str) {
        if !text.is_ascii() {
            return self.unicode_text(text);
        }
        // ASCII fast path of `unicode_text`: most documentation is ASCII, and
        // `split_whitespace` is slow in the debug builds that run the tests.
        let mut word_start = None;
        for (index, byte) in text.bytes().enumerate() {
            match (byte.is_ascii_whitespace(), word_start) {
                (true, Some(start)) => {
                    self.word(&text[start..index]);
                    self.space();
                    word_start = None;
                }
                (true, None) => self.space(),
                (false, None) => word_start = Some(index),
                (false, Some(_)) => {}
            }
        }
        if let Some(start) = word_start {
            self.word(&text[start..]);
        }
    }

    fn unicode_text(&mut self, text: &str) {
        if text.starts_with(char::is_whitespace) {
            self.space();
        }
        for (index, word) in text.split_whitespace().enumerate() {
            if index > 0 {
                self.space();
            }
            self.word(word);
        }
        if text.ends_with(char::is_whitespace) {
            self.space();
        }
    }

    /// Escapes one whitespace-free word, wrapping bare URLs in `<...>` so rustdoc links
    /// them instead of warning (`rustdoc::bare_urls`).
    fn word(&mut self, word: &str) {
        let mut markdown = std::mem::take(&mut self.scratch);
        markdown.clear();
        let mut rest = word;
        if !self.ctx.link {
            while let Some((start, end)) = find_bare_url(rest) {
                escape_text(&rest[..start], &mut markdown);
                markdown.push('<');
                markdown.push_str(&rest[start..end]);
                markdown.push('>');
                rest = &rest[end..];
            }
        }
        escape_text(rest, &mut markdown);
        self.push(&markdown);
        self.scratch = markdown;
    }

    fn children(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Text(text) => self.text(text),
                Node::Element(element) => self.element(element),
            }
        }
    }

    fn element(&mut self, element: &Element) {
        match element.kind {
            Kind::Break => self.line_break(),
            Kind::Code => self.code(element),
            Kind::Link => self.link(element),
            Kind::Strong if !self.ctx.strong => {
                let ctx = Ctx {
                    strong: true,
                    ..self.ctx
                };
                self.wrap(element, ctx, "**");
            }
            Kind::Emphasis if !self.ctx.emphasis => {
                let ctx = Ctx {
                    emphasis: true,
                    ..self.ctx
                };
                self.wrap(element, ctx, "*");
            }
            Kind::Skip => {}
            Kind::Strong | Kind::Emphasis | Kind::Inline => self.children(&element.children),
            // A block inside inline content (`<a><p>..</p></a>`) cannot be a block here;
            // keep its words apart from the neighbours.
            _ => {
                self.space();
                self.children(&element.children);
                self.space();
            }
        }
    }

    /// Renders `nodes` into a separate buffer, e.g. to wrap them in emphasis markers.
    fn fragment(&self, ctx: Ctx, nodes: &[Node]) -> Fragment {
        let mut inner = Inline::new(ctx);
        inner.children(nodes);
        // Line breaks at the edges are demoted to spaces: a marker next to a line end
        // would no longer delimit anything.
        Fragment {
            body: inner.out.trim_matches('\n').to_string(),
            leading_space: inner.leading_space,
            trailing_space: inner.pending_space || inner.out.ends_with('\n'),
        }
    }

    /// Inserts `markdown` for a fragment, moving its surrounding whitespace outside.
    fn splice(&mut self, fragment: &Fragment, markdown: &str) {
        if fragment.leading_space {
            self.space();
        }
        self.push(markdown);
        if fragment.trailing_space {
            self.soft_space();
        }
    }

    fn wrap(&mut self, element: &Element, ctx: Ctx, marker: &'static str) {
        let mut fragment = self.fragment(ctx, &element.children);
        if fragment.body.is_empty() {
            self.splice(&fragment, "");
            return;
        }
        let adjacent = self.emphasis_end == Some((self.out.len(), marker));
        if adjacent && !self.pending_space && !fragment.leading_space {
            // Reopen the previous span instead of starting a new one right after it.
            self.out.truncate(self.out.len() - marker.len());
            self.fragile_close = false;
            let markdown = format!("{}{marker}", fragment.body);
            self.splice(&fragment, &markdown);
            self.end_emphasis(&fragment.body, marker);
            return;
        }
        // Markdown only opens emphasis before punctuation when the marker itself follows
        // whitespace or punctuation: `word**(x)**` would print its asterisks.
        let glued = !self.pending_space
            && self
                .out
                .ends_with(|c: char| !is_punctuation(c) && !c.is_whitespace());
        if glued && fragment.body.starts_with(is_punctuation) {
            fragment.leading_space = true;
        }
        let markdown = format!("{marker}{}{marker}", fragment.body);
        self.splice(&fragment, &markdown);
        self.end_emphasis(&fragment.body, marker);
    }

    fn end_emphasis(&mut self, body: &str, marker: &'static str) {
        self.fragile_close = body.ends_with(is_punctuation) && !self.pending_space;
        self.emphasis_end = Some((self.out.len(), marker));
    }

    fn link(&mut self, element: &Element) {
        let url = element.attr("href").and_then(absolute_url);
        let Some(url) = url.filter(|_| !self.ctx.link) else {
            // Relative links point into AWS documentation sites and would be broken (or be
            // taken for intra-doc links) in rustdoc: keep just the text.
            self.children(&element.children);
            return;
        };
        let ctx = Ctx {
            link: true,
            ..self.ctx
        };
        let fragment = self.fragment(ctx, &element.children);
        let text = fragment.body.replace('\n', " ");
        let markdown = if text.is_empty() {
            format!("<{url}>")
        } else {
            format!("[{text}]({url})")
        };
        self.splice(&fragment, &markdown);
    }

    fn code(&mut self, element: &Element) {
        let mut raw = String::new();
        collect_text(&element.children, &mut raw);
        let fragment = Fragment {
            body: raw.split_whitespace().collect::<Vec<_>>().join(" "),
            leading_space: raw.starts_with(char::is_whitespace),
            trailing_space: raw.ends_with(char::is_whitespace),
        };
        let markdown = code_span(&fragment.body);
        self.splice(&fragment, &markdown);
    }
}

/// Wraps `content` in a code span whose fence is longer than any backtick run inside;
/// the padding spaces keep a leading or trailing backtick from merging with the fence.
pub(crate) fn code_span(content: &str) -> String {
    if content.is_empty() {
        return String::new();
    }
    let run = longest_run(content, '`');
    if run == 0 {
        return format!("`{content}`");
    }
    let fence = "`".repeat(run + 1);
    format!("{fence} {content} {fence}")
}

/// Returns the href as a Markdown link destination when it is absolute. Characters that
/// would end or confuse the destination (spaces, parentheses, angle brackets, backslashes)
/// are percent-encoded, which leaves the URL's meaning unchanged.
fn absolute_url(href: &str) -> Option<String> {
    let href = href.trim();
    let href = if href.starts_with("//") {
        format!("https:{href}")
    } else {
        href.to_string()
    };
    let scheme_len = ["http://", "https://", "ftp://"]
        .iter()
        .find(|scheme| starts_with_ignore_case(&href, scheme))?
        .len();
    if href.len() == scheme_len {
        return None;
    }
    let mut url = String::with_capacity(href.len());
    for c in href.chars() {
        match c {
            ' ' => url.push_str("%20"),
            '(' => url.push_str("%28"),
            ')' => url.push_str("%29"),
            '<' => url.push_str("%3C"),
            '>' => url.push_str("%3E"),
            '\\' => url.push_str("%5C"),
            // Line breaks and tabs come from wrapping in the model source.
            c if c.is_whitespace() => {}
            c => url.push(c),
        }
    }
    Some(url)
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Finds the first `http://` or `https://` URL in a whitespace-free word and returns its
/// byte range, without trailing sentence punctuation.
fn find_bare_url(word: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = word[from..].find(':') {
        let separator = from + found;
        from = separator + 1;
        if !word[from..].starts_with("//") {
            continue;
        }
        from += 2;
        let before = &word[..separator];
        let start = if ends_with_ignore_case(before, "https") {
            separator - 5
        } else if ends_with_ignore_case(before, "http") {
            separator - 4
        } else {
            continue;
        };
        // A host must follow; `https://{bucket}` templates are not links.
        if !word
            .as_bytes()
            .get(from)
            .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            continue;
        }
        // Characters that cannot appear in an autolink or that quote the URL; non-ASCII
        // text (`https://example.com—see`) is prose far more often than an IRI.
        let end = word[from..]
            .find(|c: char| matches!(c, '<' | '>' | '"' | '\'' | '`') || !c.is_ascii())
            .map_or(word.len(), |end| from + end);
        return Some((start, trim_url_end(word, start, end)));
    }
    None
}

/// Drops punctuation that ends the sentence rather than the URL, and closing brackets
/// that belong to surrounding text, as in `(see https://example.com).`.
fn trim_url_end(word: &str, start: usize, mut end: usize) -> usize {
    let bytes = word.as_bytes();
    // Unmatched closing brackets in the URL; a trailing one is trimmed, keeping
    // `https://en.wikipedia.org/wiki/Rust_(language)` whole.
    let excess = |open: u8, close: u8| {
        let count = |b: u8| bytes[start..end].iter().filter(|&&x| x == b).count();
        count(close).saturating_sub(count(open))
    };
    let (mut parens, mut brackets) = (excess(b'(', b')'), excess(b'[', b']'));
    while end > start {
        match bytes[end - 1] {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'*' | b'_' | b'~' => {}
            b')' if parens > 0 => parens -= 1,
            b']' if brackets > 0 => brackets -= 1,
            _ => break,
        }
        end -= 1;
    }
    end
}

/// Escapes plain text so that Markdown renders it literally.
///
/// - `\`, `` ` ``, `*`, `~` (strikethrough), `[`, `]` (links, intra-doc links) always;
/// - `<`, `>`: raw HTML (`rustdoc::invalid_html_tags`) and block quotes;
/// - `_` unless it is inside a word (`snake_case` cannot start emphasis);
/// - `&` when it would start a character reference, so `&amp;lt;` stays `&lt;`;
/// - `-` in runs like `--flag`, which rustdoc's smart punctuation turns into dashes.
fn escape_text(text: &str, out: &mut String) {
    let special = |b: u8| {
        matches!(
            b,
            b'\\' | b'`' | b'*' | b'~' | b'[' | b']' | b'<' | b'>' | b'_' | b'&' | b'-'
        )
    };
    if !text.bytes().any(special) {
        out.push_str(text);
        return;
    }
    let mut prev: Option<char> = None;
    for (index, c) in text.char_indices() {
        let next = text[index + c.len_utf8()..].chars().next();
        let escape = match c {
            '\\' | '`' | '*' | '~' | '[' | ']' | '<' | '>' => true,
            '_' => !(is_word_char(prev) && is_word_char(next)),
            '-' => prev == Some('-') || next == Some('-'),
            '&' => looks_like_reference(&text[index..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
}

/// Punctuation as Markdown's emphasis rules see it; non-ASCII symbols count too.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || !(c.is_ascii() || c.is_alphanumeric() || c.is_whitespace())
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Whether `s` (starting with `&`) has the shape of a character reference:
/// `&name;`, `&#123;` or `&#x1F;`.
fn looks_like_reference(s: &str) -> bool {
    let Some(semi) = s.bytes().take(34).position(|b| b == b';') else {
        return false;
    };
    let body = &s[1..semi];
    let (digits, radix) = match body.strip_prefix('#') {
        Some(number) => match number.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (number, 10),
        },
        None => {
            return body.starts_with(|c: char| c.is_ascii_alphabetic())
                && body.bytes().all(|b| b.is_ascii_alphanumeric());
        }
    };
    !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix))
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown as md;

    /// Returns the first raw HTML tag in `markdown` that rustdoc would see as HTML: a `<`
    /// followed by a letter, `/`, `!` or `?` that is not escaped, not an autolink to an
    /// http(s) URL, and not inside a code span or fenced block.
    fn raw_tag(markdown: &str) -> Option<String> {
        let mut fence: Option<String> = None;
        for line in markdown.lines() {
            // Fences may open on a list item's marker line.
            let trimmed =
                line.trim_start_matches(|c: char| c.is_ascii_digit() || " -.".contains(c));
            if let Some(open) = &fence {
                if trimmed.starts_with(open.as_str()) {
                    fence = None;
                }
                continue;
            }
            if trimmed.starts_with("```") {
                fence = Some(trimmed.chars().take_while(|c| *c == '`').collect());
                continue;
            }
            if let Some(tag) = raw_tag_in_line(line) {
                return Some(tag);
            }
        }
        None
    }

    fn raw_tag_in_line(line: &str) -> Option<String> {
        let bytes = line.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 2,
                b'`' => {
                    let run = backtick_run(&bytes[i..]);
                    // A code span runs to the next backtick run of the same length.
                    i += run + find_run(&bytes[i + run..], run).map_or(0, |end| end + run);
                }
                b'<' => {
                    let rest = &line[i + 1..];
                    if rest.starts_with("http://") || rest.starts_with("https://") {
                        i += 1 + rest.find('>').map_or(rest.len(), |end| end + 1);
                    } else if rest
                        .starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c))
                    {
                        return Some(rest.chars().take(40).collect());
                    } else {
                        i += 1;
                    }
                }
                _ => i += 1,
            }
        }
        None
    }

    fn backtick_run(bytes: &[u8]) -> usize {
        bytes.iter().take_while(|b| **b == b'`').count()
    }

    /// Offset of the next backtick run of exactly `len` backticks in `bytes`.
    fn find_run(bytes: &[u8], len: usize) -> Option<usize> {
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'`' {
                let run = backtick_run(&bytes[i..]);
                if run == len {
                    return Some(i);
                }
                i += run;
            } else {
                i += 1;
            }
        }
        None
    }

    /// Checks the layout guarantees every output must meet.
    fn assert_well_formed(input: &str, output: &str) {
        assert!(
            raw_tag(output).is_none(),
            "raw tag in {output:?} from {input:?}"
        );
        assert!(
            output.lines().all(|line| line == line.trim_end()),
            "trailing whitespace in {output:?} from {input:?}"
        );
        assert_eq!(
            output,
            output.trim_matches('\n'),
            "blank edge lines from {input:?}"
        );
        assert!(!output.contains('\r'), "carriage return from {input:?}");
    }

    #[test]
    fn raw_tag_checker_finds_tags_outside_code() {
        assert_eq!(raw_tag("a <b>x"), Some("b>x".to_string()));
        assert_eq!(raw_tag("a </p>"), Some("/p>".to_string()));
        assert_eq!(raw_tag("a \\<b\\> `<b>` <https://x.com> 1 < 2"), None);
        assert_eq!(raw_tag("```text\n<b>\n```"), None);
        assert_eq!(raw_tag("`` a ` <b> ``"), None);
    }

    #[test]
    fn plain_text_becomes_one_paragraph() {
        assert_eq!(
            md("  The   name of\n\tthe  bucket.  \n"),
            "The name of the bucket."
        );
    }

    #[test]
    fn empty_input_gives_empty_output() {
        assert_eq!(md(""), "");
        assert_eq!(md(" \n\t "), "");
        assert_eq!(md("<p></p><p> </p>"), "");
        assert_eq!(md("<ul><li></li></ul>"), "");
        assert_eq!(md("<note></note>"), "");
    }

    #[test]
    fn paragraphs_are_separated_by_one_blank_line() {
        assert_eq!(md("<p>One.</p><p>Two.</p>"), "One.\n\nTwo.");
        assert_eq!(
            md("<p>First\n      line,\n   continued.</p>\n\n\n   <p>\n Second. </p>"),
            "First line, continued.\n\nSecond."
        );
        // Text between paragraphs becomes a paragraph of its own.
        assert_eq!(md("<p>a</p> b <p>c</p>"), "a\n\nb\n\nc");
        // Unclosed paragraphs still break.
        assert_eq!(md("<p>a<p>b"), "a\n\nb");
    }

    #[test]
    fn unordered_list_has_blank_lines_around_it() {
        assert_eq!(
            md("<p>Values:</p><ul><li>A</li><li>B</li></ul><p>After.</p>"),
            "Values:\n\n- A\n- B\n\nAfter."
        );
    }

    #[test]
    fn ordered_list_numbers_items() {
        assert_eq!(
            md("<ol><li>one</li><li>two</li><li>three</li></ol>"),
            "1. one\n2. two\n3. three"
        );
        let ten: String = (1..=10).map(|n| format!("<li>{n}</li>")).collect();
        let output = md(&format!("<ol>{ten}</ol>"));
        assert!(output.ends_with("9. 9\n10. 10"), "{output}");
    }

    #[test]
    fn nested_lists_indent_by_marker_width() {
        assert_eq!(
            md("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>"),
            "- a\n  - b\n    - c\n- d"
        );
        assert_eq!(
            md("<ol><li>a<ol><li>b</li></ol></li></ol>"),
            "1. a\n   1. b"
        );
        assert_eq!(md("<ol><li>a<ul><li>b</li></ul></li></ol>"), "1. a\n   - b");
    }

    #[test]
    fn list_item_paragraphs_stay_on_the_item_line() {
        assert_eq!(
            md("<ul>\n  <li>\n    <p>First.</p>\n  </li>\n  <li><p>Second.</p></li>\n</ul>"),
            "- First.\n- Second."
        );
        assert_eq!(
            md("<ul><li><p>Intro:</p><ul><li><p>Nested.</p></li></ul></li></ul>"),
            "- Intro:\n  - Nested."
        );
    }

    #[test]
    fn list_item_with_several_paragraphs_indents_the_rest() {
        assert_eq!(
            md("<ul><li><p>One.</p><p>Two.</p></li><li>Three.</li></ul>"),
            "- One.\n\n  Two.\n- Three."
        );
    }

    #[test]
    fn unclosed_list_items_do_not_nest() {
        assert_eq!(md("<ul><li>a<li>b<li>c</ul>"), "- a\n- b\n- c");
        assert_eq!(md("<ul><li>a<ul><li>b</ul><li>c</ul>"), "- a\n  - b\n- c");
    }

    #[test]
    fn list_items_without_a_list_form_a_bullet_list() {
        assert_eq!(
            md("<p>x</p><li>a</li> <li>b</li><p>y</p>"),
            "x\n\n- a\n- b\n\ny"
        );
    }

    #[test]
    fn list_written_as_sibling_of_items_nests_under_the_previous_item() {
        assert_eq!(
            md("<ul><li>a</li><ul><li>b</li></ul><li>c</li></ul>"),
            "- a\n  - b\n- c"
        );
    }

    #[test]
    fn code_becomes_a_code_span() {
        assert_eq!(md("Use <code>GetObject</code>."), "Use `GetObject`.");
        assert_eq!(md("<code> a   b </code>"), "`a b`");
        assert_eq!(md("a<code></code>b"), "ab");
        // Whitespace inside the element moves outside the span, but not before punctuation.
        assert_eq!(md("x <code>\n  y\n</code>."), "x `y`.");
    }

    #[test]
    fn code_with_backticks_uses_a_longer_fence() {
        assert_eq!(md("<code>a`b</code>"), "`` a`b ``");
        assert_eq!(md("<code>``</code>"), "``` `` ```");
    }

    #[test]
    fn code_content_is_not_escaped_or_formatted() {
        assert_eq!(
            md("<code>arn:aws:iam::<i><aws_account_id></i>:role/*_[x]</code>"),
            "`arn:aws:iam::<aws_account_id>:role/*_[x]`"
        );
        assert_eq!(md("<code>a &lt;b&gt; &amp; c</code>"), "`a <b> & c`");
        assert_eq!(
            md("<code>https://example.com</code>"),
            "`https://example.com`"
        );
    }

    #[test]
    fn pre_becomes_a_text_fence() {
        assert_eq!(
            md("<p>Example:</p><pre>\n    {\n      \"a\": 1\n    }\n</pre><p>Done.</p>"),
            "Example:\n\n```text\n{\n  \"a\": 1\n}\n```\n\nDone."
        );
        assert_eq!(
            md("<pre><code>x &lt; y\n  *z*</code></pre>"),
            "```text\nx < y\n  *z*\n```"
        );
        assert_eq!(md("<pre>a ```\nb</pre>"), "````text\na ```\nb\n````");
        assert_eq!(md("<pre>   </pre>"), "");
    }

    #[test]
    fn pre_inside_a_list_item_is_indented() {
        assert_eq!(
            md("<ul><li>Run:<pre>ls\n\n-l</pre></li></ul>"),
            "- Run:\n\n  ```text\n  ls\n\n  -l\n  ```"
        );
    }

    #[test]
    fn absolute_links_become_markdown_links() {
        assert_eq!(
            md(r#"See <a href="https://docs.aws.amazon.com/x.html">the guide</a>."#),
            "See [the guide](https://docs.aws.amazon.com/x.html)."
        );
        assert_eq!(
            md(r#"<a href='http://a.com/b(c) d'>x</a>"#),
            "[x](http://a.com/b%28c%29%20d)"
        );
        assert_eq!(md(r#"<a href="//a.com/b">x</a>"#), "[x](https://a.com/b)");
    }

    #[test]
    fn relative_or_missing_hrefs_keep_only_the_text() {
        assert_eq!(md("Call <a>GetObject</a> first."), "Call GetObject first.");
        assert_eq!(md(r#"<a href="">x</a>"#), "x");
        assert_eq!(
            md(r#"<a href="kinesis/latest/APIReference/API_PutRecord.html">PutRecord</a>"#),
            "PutRecord"
        );
        assert_eq!(md(r#"<a href="mailto:x@y.z">mail</a>"#), "mail");
    }

    #[test]
    fn link_without_text_becomes_an_autolink() {
        assert_eq!(md(r#"<a href="https://a.com/x"></a>"#), "<https://a.com/x>");
        assert_eq!(
            md(r#"<a href="https://a.com/x"> </a>."#),
            "<https://a.com/x>."
        );
    }

    #[test]
    fn link_text_keeps_formatting_but_not_nested_links() {
        assert_eq!(
            md(r#"<a href="https://a.com"><code>Get</code> <a href="https://b.com">b</a></a>"#),
            "[`Get` b](https://a.com)"
        );
        // A URL as link text must not become a second link.
        assert_eq!(
            md(r#"<a href="https://a.com">https://a.com</a>"#),
            "[https://a.com](https://a.com)"
        );
        assert_eq!(
            md("<a href=\"https://a.com\">\n   the\n   <i>guide</i>\n</a>"),
            "[the *guide*](https://a.com)"
        );
    }

    #[test]
    fn bold_and_italic() {
        assert_eq!(
            md("<b>bold</b> and <strong>strong</strong>"),
            "**bold** and **strong**"
        );
        assert_eq!(md("<i>it</i> and <em>em</em>"), "*it* and *em*");
        assert_eq!(md("<b>a <i>b</i> c</b>"), "**a *b* c**");
        assert_eq!(md("<i><b>both</b></i>"), "***both***");
    }

    #[test]
    fn repeated_emphasis_does_not_stack_markers() {
        assert_eq!(
            md("in the <i> <i>EC2 Guide</i> </i> for"),
            "in the *EC2 Guide* for"
        );
        assert_eq!(md("<b>a <b>b</b></b>"), "**a b**");
    }

    #[test]
    fn adjacent_emphasis_is_merged() {
        assert_eq!(md("<i>a</i><i>b</i>"), "*ab*");
        assert_eq!(md("<b>a</b><b>b</b>"), "**ab**");
        assert_eq!(md("<i>a</i> <i>b</i>"), "*a* *b*");
        assert_eq!(md("<b>x</b><i>y</i>"), "**x***y*");
    }

    #[test]
    fn emphasis_whitespace_moves_outside_the_markers() {
        assert_eq!(md("a<b> b </b>c"), "a **b** c");
        assert_eq!(md("a <i> </i> b"), "a b");
        assert_eq!(md("<i></i>x"), "x");
    }

    #[test]
    fn emphasis_next_to_punctuation_still_closes() {
        assert_eq!(md("<b>Note:</b>The value"), "**Note:** The value");
        assert_eq!(md("x<b>(y)</b>"), "x **(y)**");
        assert_eq!(md("<b>Note:</b> The value"), "**Note:** The value");
        assert_eq!(md("<b>Note</b>: value"), "**Note**: value");
    }

    #[test]
    fn line_breaks_become_hard_breaks() {
        assert_eq!(md("a<br>b<br/>c<br />d"), "a\\\nb\\\nc\\\nd");
        assert_eq!(md("<br>a<br><br>b<br>"), "a\\\nb");
        assert_eq!(md("<p>a <br> b</p>"), "a\\\nb");
    }

    #[test]
    fn notes_and_important_get_a_bold_label() {
        assert_eq!(
            md("<p>Text.</p><note><p>Be careful.</p></note>"),
            "Text.\n\n**Note:** Be careful."
        );
        assert_eq!(
            md("<important>Do not <b>delete</b>.</important>"),
            "**Important:** Do not **delete**."
        );
        assert_eq!(md("<note><ul><li>a</li></ul></note>"), "**Note:**\n\n- a");
        assert_eq!(md("<note><p>a</p><p>b</p></note>"), "**Note:** a\n\nb");
    }

    #[test]
    fn definition_lists_become_glossary_bullets() {
        assert_eq!(
            md(
                "<dl><dt>200</dt><dd><p>OK.</p></dd><dt><code>404</code></dt><dd>Missing.</dd></dl>"
            ),
            "- **200**: OK.\n- **`404`**: Missing."
        );
        assert_eq!(
            md("<dl><dt>Term</dt><dd><p>Para.</p><ul><li>x</li></ul></dd></dl>"),
            "- **Term**: Para.\n  - x"
        );
        // Unclosed terms and definitions, and definitions without a term.
        assert_eq!(
            md("<dl><dt>a<dd>b<dt>c<dd>d</dl>"),
            "- **a**: b\n- **c**: d"
        );
        assert_eq!(md("<dl><dd>only</dd></dl>"), "- only");
    }

    #[test]
    fn headings_become_bold_paragraphs() {
        assert_eq!(md("<h1>Title</h1><p>Body</p>"), "**Title**\n\nBody");
        assert_eq!(md("<h3>A <b>b</b></h3>"), "**A b**");
        assert_eq!(md(r#"<p class="title"><b>Mapping</b></p>"#), "**Mapping**");
    }

    #[test]
    fn fullname_is_a_paragraph() {
        assert_eq!(
            md("<fullname>Amazon Simple Storage Service</fullname><p>Intro.</p>"),
            "Amazon Simple Storage Service\n\nIntro."
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            md("&amp; &lt;x&gt; &quot;q&quot; &#39;s&#39; a&nbsp;b &#x2014; &#8212; &mdash;"),
            "& \\<x\\> \"q\" 's' a b \u{2014} \u{2014} \u{2014}"
        );
        assert_eq!(md("&#X41;&#65;"), "AA");
    }

    #[test]
    fn unknown_or_malformed_entities_are_kept() {
        // A reference-like `&name;` is escaped so that Markdown does not decode it either.
        assert_eq!(
            md("&bogus; &amp x&y &#xZZ; &#0; &#+5;"),
            "\\&bogus; &amp x&y &#xZZ; \\&#0; &#+5;"
        );
        assert_eq!(md("a=1&key2=b"), "a=1&key2=b");
        // Decoding happens once: `&amp;lt;` means the text `&lt;`.
        assert_eq!(md("&amp;lt;"), "\\&lt;");
    }

    #[test]
    fn markdown_characters_in_text_are_escaped() {
        assert_eq!(
            md("[x] *y* `z` a\\b ~c~"),
            "\\[x\\] \\*y\\* \\`z\\` a\\\\b \\~c\\~"
        );
        assert_eq!(md("1 &lt; 2 &gt; 0"), "1 \\< 2 \\> 0");
        assert_eq!(md("Use --dry-run"), "Use \\-\\-dry-run");
    }

    #[test]
    fn underscores_inside_words_are_left_alone() {
        assert_eq!(md("snake_case_name"), "snake_case_name");
        assert_eq!(
            md("_private __dunder__ trailing_"),
            "\\_private \\_\\_dunder\\_\\_ trailing\\_"
        );
    }

    #[test]
    fn block_markers_at_line_start_are_escaped() {
        assert_eq!(md("<p># not a heading</p>"), "\\# not a heading");
        assert_eq!(md("<p>- not a list</p>"), "\\- not a list");
        assert_eq!(md("<p>+ x</p>"), "\\+ x");
        assert_eq!(md("<p>1. not ordered</p>"), "1\\. not ordered");
        assert_eq!(md("<p>2) not ordered</p>"), "2\\) not ordered");
        assert_eq!(md("<p>---</p>"), "\\-\\-\\-");
        assert_eq!(md("<p>===</p>"), "\\===");
        assert_eq!(md("<p>&gt; quote</p>"), "\\> quote");
        assert_eq!(md("a<br>- b<br>#c"), "a\\\n\\- b\\\n\\#c");
        assert_eq!(md("<ul><li>1. x</li></ul>"), "- 1\\. x");
        // Not markers: leave them alone.
        assert_eq!(
            md("-1 means none. 2019. 3.5 +1"),
            "-1 means none. 2019. 3.5 +1"
        );
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            md("See https://docs.aws.amazon.com/a_b.html."),
            "See <https://docs.aws.amazon.com/a_b.html>."
        );
        assert_eq!(md("(http://a.com/x)"), "(<http://a.com/x>)");
        assert_eq!(md("(http://a.com/x_(y))"), "(<http://a.com/x_(y)>)");
        assert_eq!(md("'https://a.com'"), "'<https://a.com>'");
        assert_eq!(md("x:HTTPS://A.COM/y"), "x:<HTTPS://A.COM/y>");
        assert_eq!(
            md("https:// s3://bucket https://{bucket}.com"),
            "https:// s3://bucket https://{bucket}.com"
        );
    }

    #[test]
    fn placeholders_that_look_like_tags_stay_visible() {
        assert_eq!(
            md("<p>arn:aws:iot:<region>:<accountid>:command/<commandId></p>"),
            "arn:aws:iot:\\<region\\>:\\<accountid\\>:command/\\<commandId\\>"
        );
        assert_eq!(
            md("<p>Nodes: <major>.<minor>.<patch></p>"),
            "Nodes: \\<major\\>.\\<minor\\>.\\<patch\\>"
        );
        assert_eq!(
            md("<p>the <code><parent></code> element</p>"),
            "the `<parent>` element"
        );
        assert_eq!(md("<key=reason, value=x>"), "\\<key=reason, value=x\\>");
        assert_eq!(
            md(r#"adds <Role schemeIDUri="urn:x" value="subtitle"/>."#),
            r#"adds \<Role schemeIDUri="urn:x" value="subtitle"/\>."#
        );
    }

    #[test]
    fn unknown_tags_that_are_closed_are_dropped() {
        assert_eq!(
            md("<p>Contents of the <filename>server.properties</filename> file.</p>"),
            "Contents of the server.properties file."
        );
        assert_eq!(md("<para>a</para><para>b</para>"), "a\n\nb");
        assert_eq!(
            md("<span class=\"x\">a</span> <u>b</u> <sup>c</sup>"),
            "a b c"
        );
    }

    #[test]
    fn aws_examples_render_requests_as_fences() {
        let html = "<examples><example><name>Op</name><description>Edited.</description>\
                    <request>\nPOST / HTTP/1.1\nAuth: <credential>\n</request></example></examples>";
        assert_eq!(
            md(html),
            "Op\n\nEdited.\n\n```text\nPOST / HTTP/1.1\nAuth: <credential>\n```"
        );
    }

    #[test]
    fn comments_scripts_and_declarations_are_dropped() {
        assert_eq!(md("a<!-- hidden <b> -->b<!DOCTYPE html><?xml x?>c"), "abc");
        assert_eq!(
            md("a<script>alert('<b>')</script>b<style>p{}</style>"),
            "ab"
        );
        assert_eq!(md("a<!-- never closed"), "a");
    }

    #[test]
    fn control_characters_and_carriage_returns_are_removed() {
        assert_eq!(md("a\r\nb\rc\u{0}d\u{7}"), "a b cd");
        assert_eq!(md("<pre>a\r\nb</pre>"), "```text\na\nb\n```");
    }

    #[test]
    fn malformed_markup_degrades_to_text() {
        let cases = [
            ("a < b", "a \\< b"),
            ("a <b", "a \\<b"),
            ("<", "\\<"),
            ("<<<>>>", "\\<\\<\\<\\>\\>\\>"),
            ("</p>text</ul></li>", "text"),
            ("<p>unclosed <b>bold <i>both", "unclosed **bold *both***"),
            ("<a href=\"https://x.com", "\\<a href=\"<https://x.com>"),
            ("<a href=https://x.com/y>y</a>", "[y](https://x.com/y)"),
            ("<p =x>a</p>", "\\<p =x\\>a"),
            ("x</>y", "x\\</\\>y"),
            ("<1p>", "\\<1p\\>"),
            (
                "& &; &#; &#x; &#xFFFFFFFFFF;",
                "& &; &#; &#x; \\&#xFFFFFFFFFF;",
            ),
        ];
        for (input, expected) in cases {
            let output = md(input);
            assert_eq!(output, expected, "input {input:?}");
            assert_well_formed(input, &output);
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        for tag in [
            "b",
            "ul",
            "li",
            "note",
            "p",
            "dl",
            "a href=\"https://x\"",
            "span",
        ] {
            let name = tag.split(' ').next().unwrap_or(tag);
            let input = format!(
                "{}x{}",
                format!("<{tag}>").repeat(5000),
                format!("</{name}>").repeat(5000)
            );
            let output = md(&input);
            assert!(output.contains('x'), "{tag}: {output}");
            assert_well_formed(&input, &output);
        }
    }

    #[test]
    fn pathological_input_stays_fast() {
        let start = std::time::Instant::now();
        for unit in [
            "<a b='", "<!", "&", "<x ", "</", "&#", "<!--", "<b>", "<li>", "x)",
        ] {
            let input = unit.repeat(20_000);
            assert_well_formed(&input, &md(&input));
        }
        let input = format!("https://a.com/{}", ")".repeat(100_000));
        assert_well_formed(&input, &md(&input));
        assert!(start.elapsed().as_secs() < 5, "took {:?}", start.elapsed());
    }

    #[test]
    fn random_fragments_never_panic_and_stay_well_formed() {
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<ul>",
            "</ul>",
            "<ol>",
            "</ol>",
            "<li>",
            "</li>",
            "<dl>",
            "<dt>",
            "<dd>",
            "</dl>",
            "<code>",
            "</code>",
            "<pre>",
            "</pre>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<a href=\"https://x.com/a b\">",
            "<a>",
            "</a>",
            "<br>",
            "<br/>",
            "<note>",
            "</note>",
            "<important>",
            "<h2>",
            "</h2>",
            "<region>",
            "</region>",
            "<",
            ">",
            "&",
            "&amp;",
            "&lt;b&gt;",
            "&#x2014;",
            "&nbsp;",
            "&#0;",
            "text",
            "word_x",
            " ",
            "\n",
            "\t",
            "`",
            "``",
            "*",
            "_",
            "[",
            "]",
            "\\",
            "#",
            "- ",
            "1. ",
            "---",
            "~",
            "é",
            "😀",
            "https://a.com/x.",
            "(",
            ")",
            "\"",
            "'",
            "=",
            "/",
            "!",
            "<!--",
            "-->",
            "\r",
        ];
        // xorshift: deterministic and dependency-free.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            let input: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            assert_well_formed(&input, &md(&input));
        }
    }

    #[test]
    fn aws_instance_metadata_sample() {
        let html = "<p>The instance metadata options that you can set for the HTTP requests that \
            pipeline builds use to launch EC2 build and test instances. For more information about \
            instance metadata options, see one of the following links:</p> <ul> <li> <p> <a \
            href=\"https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-options.html\">\
            Configure the instance metadata options</a> in the <i> <i>Amazon EC2 User Guide</i> </i> \
            for Linux instances.</p> </li> </ul>";
        assert_eq!(
            md(html),
            "The instance metadata options that you can set for the HTTP requests that pipeline \
             builds use to launch EC2 build and test instances. For more information about \
             instance metadata options, see one of the following links:\n\
             \n\
             - [Configure the instance metadata options](https://docs.aws.amazon.com/AWSEC2/latest/\
             UserGuide/configuring-instance-metadata-options.html) in the *Amazon EC2 User Guide* \
             for Linux instances."
        );
    }

    #[test]
    fn aws_operation_sample() {
        let html = "<p>Creates a channel flow.</p>\n         <p>Channel flows process:</p>\n\
            <ol>\n<li>\n<p>New messages</p>\n</li>\n<li>\n<p>The <code>Standard</code> type</p>\n\
            </li>\n</ol>\n<note>\n<p>See <a href=\"https://docs.aws.amazon.com/chime/latest/dg/x.html#msg-types\">\
            Message types</a> in the <i>Amazon Chime developer guide</i>.</p>\n</note>";
        assert_eq!(
            md(html),
            "Creates a channel flow.\n\nChannel flows process:\n\n1. New messages\n\
             2. The `Standard` type\n\n**Note:** See [Message types](https://docs.aws.amazon.com/\
             chime/latest/dg/x.html#msg-types) in the *Amazon Chime developer guide*."
        );
    }

    /// Converts every documentation string of the shared AWS models and checks that no
    /// raw HTML survives (and that nothing panics). Skipped when the models are absent.
    #[test]
    fn corpus_has_no_raw_html() {
        let shared = std::env::var("SMITHY_SHARED_DIR")
            .unwrap_or_else(|_| format!("{}/../../shared", env!("CARGO_MANIFEST_DIR")));
        let models = std::path::Path::new(&shared).join("models");
        let Ok(entries) = std::fs::read_dir(&models) else {
            println!("no models at {}: skipping corpus check", models.display());
            return;
        };
        let start = std::time::Instant::now();
        let paths: Vec<_> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        let per_model = parallel_map(&paths, |path| {
            let bytes = std::fs::read(path).expect("readable model");
            let model: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
            let mut docs = Vec::new();
            collect_docs(&model, &mut docs);
            docs
        });
        let total: usize = per_model.iter().map(Vec::len).sum();
        // Models repeat many strings (pagination tokens, ...): convert each once.
        let mut distinct: Vec<&String> = per_model.iter().flatten().collect();
        distinct.sort_unstable();
        distinct.dedup();
        parallel_map(&distinct, |doc| assert_well_formed(doc, &md(doc)));
        println!(
            "converted {} distinct of {total} documentation strings from {} models in {:?}",
            distinct.len(),
            paths.len(),
            start.elapsed()
        );
    }

    /// Maps `items` on all cores: the corpus is large for a debug build.
    fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = items.len().div_ceil(workers).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = items
                .chunks(chunk)
                .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|handle| handle.join().expect("worker panicked"))
                .collect()
        })
    }

    fn collect_docs(value: &serde_json::Value, docs: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    match value.as_str() {
                        Some(doc) if key == "smithy.api#documentation" => docs.push(doc.to_owned()),
                        _ => collect_docs(value, docs),
                    }
                }
            }
            serde_json::Value::Array(items) => {
                items.iter().for_each(|item| collect_docs(item, docs))
            }
            _ => {}
        }
    }
}
