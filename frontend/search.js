// Search the phone's copy as the server searches (backend/metbefore/people/folding.py and
// search.py): the same folding, the same texts, the same matching and order. The rules the
// browser lacks come from the server's own, in folding.js.
import { CASEFOLD, KEPT_MARKS, LETTERS, SPACELESS, UMLAUTS } from "./folding.js";

const MARK = /\p{M}/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /[\p{Z}\p{Cc}]/u;

// Lower-case words of letters and digits, one space apart; joined: punctuation inside a
// word is dropped instead of parting it ("O'Brien" is "obrien", not "o brien").
export function fold(text, joined = false) {
  let lower = "";
  for (const char of text.normalize("NFKD")) lower += CASEFOLD[char] ?? char.toLowerCase();
  let out = "";
  let gap = false;
  for (const char of lower.normalize("NFKD")) {
    if (MARK.test(char) && !KEPT_MARKS.includes(char)) continue;
    const letter = LETTERS[char] ?? char;
    if (!letter) continue;
    if (WORD.test(char)) {
      if (gap && out) out += " ";
      gap = false;
      out += letter;
    } else if (!joined || SPACE.test(char)) {
      gap = true;
    }
  }
  return out.normalize("NFC");
}

const words = (text) => text.split(" ").filter(Boolean);

// Other spellings search also finds: joined over punctuation, German umlauts spelled out.
function spellings(text) {
  const plain = new Set(words(fold(text)));
  const spelled = [...text.normalize("NFC")].map((c) => UMLAUTS[c] ?? c).join("");
  const variants = [fold(text, true), fold(spelled), fold(spelled, true)];
  return [...new Set(variants.flatMap(words).filter((w) => !plain.has(w)))];
}

// Every word after a space, each name between bars, the other text first.
export function stored(names, others = []) {
  const folded = names.map((name) => fold(name)).filter(Boolean);
  const extra = [...others.map((other) => fold(other)), ...[...names, ...others].flatMap(spellings)];
  let text = extra.filter(Boolean).map((w) => ` ${w}`).join("");
  if (folded.length) text += ` | ${folded.join(" | ")} |`;
  return text;
}

// A friend's texts: the badge fields, and the other names they show their friends.
export function texts(person) {
  return {
    badge: stored([person.display_name], [person.affiliation ?? ""]),
    friends: person.other_names ? stored(person.other_names) : "",
  };
}

const spaceless = (word) =>
  [...word].some((c) => SPACELESS.some(([low, high]) => low <= c.codePointAt(0) && c.codePointAt(0) <= high));

export function parse(q) {
  const folded = fold(q);
  return {
    // The start of a word, or anywhere inside one for scripts without spaces.
    words: [...new Set(words(folded))].map((w) => (spaceless(w) ? w : ` ${w}`)),
    exact: `| ${folded} |`,
    prefix: `| ${folded}`,
  };
}

const found = (part, t) => t.badge.includes(part) || t.friends.includes(part);

// 0: a name is the query, 1: a name starts with it, 2: its words match elsewhere; null: no match.
export function rank(query, t) {
  if (!query.words.length || !query.words.every((w) => found(w, t))) return null;
  return found(query.exact, t) ? 0 : found(query.prefix, t) ? 1 : 2;
}

const cache = new WeakMap();

// The friends that q finds, the best matches first (in the order given within a rank).
export function find(friends, q) {
  const query = parse(q);
  const ranked = [];
  for (const friend of friends) {
    if (!cache.has(friend.person)) cache.set(friend.person, texts(friend.person));
    const r = rank(query, cache.get(friend.person));
    if (r !== null) ranked.push([r, friend]);
  }
  return ranked.sort((a, b) => a[0] - b[0]).map(([, friend]) => friend);
}
