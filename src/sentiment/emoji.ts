/**
 * Emoji and emoticon valences (-5..5, AFINN scale), written by the Touchpoint
 * project. Language-independent. Skin-tone modifiers and the variation
 * selector are ignored (the tokenizer keeps the base emoji only).
 *
 * Licence: part of the project source (same licence as the project).
 */
const EMOJI_GROUPS: ReadonlyArray<readonly [number, string]> = [
  [3, "😍 🥰 😻 ❤ 💖 💗 💓 💞 💕 💘 💝 🤩 🥳 🏆 💯 😘 🤗 ♥ 💛 💚 💙 💜 🧡 🤍"],
  [2.5, "😀 😃 😄 😁 😆 😊 ☺ 🙂 😋 😎 👍 👏 🙌 🎉 🎊 ⭐ 🌟 ✨ 💪 🥇 👌 😇 😂 🤣 ✅ 🌞 😌 🙏 💐 🌹 🤤 😸 😺 😹 😃 👑"],
  [1.5, "😉 😅 😜 😛 😝 🤪 🤓 😏 🍀 🌈 🔥 ☀ 🆗 ✔"],
  [-1, "😐 😑 😶 🙄 🤷 😬 🤔 😕 🫤 😮 😯 😴 🥱 ⏳ ⌛ 🐌"],
  [-2, "🙁 ☹ 😟 😔 😞 😒 😓 😩 😫 😢 😥 😪 😰 😨 😧 😦 🥺 💤 ❌ ⛔ 🚫 💔 👎 😤 🤦 🙈 😷 🥶 🥵 🤒"],
  [-3, "😠 😡 🤬 😭 😱 🤮 🤢 💩 🖕 👿 😾 ☠ 💀 🤡"],
];

const EMOTICONS: ReadonlyArray<readonly [string, number]> = [
  [":)", 2], [":-)", 2], ["=)", 2], [":]", 2], [":D", 2.5], [":-D", 2.5], ["=D", 2.5],
  ["xd", 2], [";)", 1.5], [";-)", 1.5], [";D", 2], [":P", 1], [":-P", 1], [":p", 1], [":-p", 1],
  ["<3", 3], ["^^", 1.5], ["^_^", 2], [":*", 2], [":-*", 2],
  [":(", -2], [":-(", -2], ["=(", -2], [":'(", -2.5], [":'-(", -2.5], [">:(", -3], [">:-(", -3],
  [":/", -1], [":-/", -1], [":|", -1], [":-|", -1], [";(", -2],
];

function buildEmoji(): ReadonlyMap<number, number> {
  const map = new Map<number, number>();
  for (const [w, list] of EMOJI_GROUPS) {
    for (const e of list.split(" ")) {
      const cp = e.codePointAt(0);
      if (cp !== undefined) map.set(cp, w);
    }
  }
  return map;
}

const EMOJI_VALENCE = buildEmoji();
const EMOTICON_VALENCE: ReadonlyMap<string, number> = new Map(EMOTICONS);

/** Valence of an emoji token (its first code point decides), 0 if unknown. */
export function emojiValence(token: string): number {
  const cp = token.codePointAt(0);
  return cp === undefined ? 0 : (EMOJI_VALENCE.get(cp) ?? 0);
}

/** Valence of an emoticon token such as ":)" or ":-((", 0 if unknown. */
export function emoticonValence(token: string): number {
  const v = EMOTICON_VALENCE.get(token);
  if (v !== undefined) return v;
  // repeated mouths ":)))" / ":(((" / ":DD"
  const t = token.replace(/([)(D])\1+$/, "$1");
  return EMOTICON_VALENCE.get(t) ?? EMOTICON_VALENCE.get(t.toLowerCase()) ?? 0;
}

export const EMOJI_COUNT = EMOJI_VALENCE.size + EMOTICON_VALENCE.size;
