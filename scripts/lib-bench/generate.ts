/**
 * Synthetic source records for the matching benchmark: Australian customers across the
 * four sources, with couples sharing inboxes and surnames, typos, nicknames, ten ways of
 * writing a phone number, junk numbers, changed numbers, bare email imports, and
 * optionally a bucket of records booked under one internal account (one email and one
 * phone shared by all of them, most named "Ring Prep", some carrying customers' names).
 * With the noise of ../../../shared/datasets/identity-noisy (at about its rates): first and
 * last swapped (6%), two edits in one name, a stray space inside a name (`Ja ck`), a missing
 * first (8%) or last name, a one-edit typo in an email's local part (4%), a mistyped phone
 * digit (2%), and display-name emails (`Maria Sentosa <msentosa@example.com>`).
 * Deterministic for a seed.
 */
import type { SourceRecordInput } from "@/lib/identity";
import { prng } from "@/lib/prng";

export interface GenerateOptions {
  readonly size: number;
  /** Records under the internal account's shared contact (0 for none). */
  readonly bucket: number;
  readonly seed: number;
}

const FEMALE = "olivia charlotte amelia isla mia ava grace chloe sophie emily ella ruby lily zoe hannah emma sarah jessica karen susan linda patricia barbara elizabeth jennifer maria nancy margaret lisa betty dorothy sandra ashley kimberly donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia kathleen helen amy angela anna brenda pamela nicole samantha katherine christine debra rachel catherine carolyn janet virginia heather diane julie joyce victoria kelly christina joan evelyn lauren judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail alice judy sophia denise danielle marilyn natalie beverly diana brittany theresa kayla alexis lori siobhan aoife niamh priya aroha ngaio".split(" ");
const MALE = "james robert john michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis liam oliver lachlan cooper hamish angus ciaran wei".split(" ");
const LAST = "smith jones williams brown wilson taylor johnson white martin anderson thompson nguyen thomas walker harris lee ryan robinson kelly king davis wright evans roberts green hall wood jackson clarke patel khan lewis james phillips mitchell turner campbell scott edwards young morris cook baker hill moore allen ward stewart murphy bell o'brien o'connor o'neill d'souza mcdonald fraser murray reid hughes price bennett cox howard gray chen wang li zhang liu singh sharma kumar ahmed ali hussain tran pham le kim park tanaka sato suzuki yamamoto silva santos oliveira ferreira pereira costa rossi russo ferrari esposito bianchi romano papadopoulos nikolaidis horvat novak kowalski nowak muller schmidt fischer weber meyer wagner becker garcia martinez rodriguez lopez gonzalez hernandez perez sanchez ramirez torres flores rivera gomez diaz morales reyes cruz ortiz gutierrez chavez ramos ruiz alvarez mendoza castillo jimenez moreno romero herrera medina aguilar vargas dixon barnes fox henderson fitzgerald grant hunter lane lloyd marshall nelson pearce rose simpson spencer webb".split(" ");
const NICK: Readonly<Record<string, string>> = {
  robert: "bob", william: "bill", katherine: "kate", elizabeth: "liz", margaret: "maggie", patricia: "trish", victoria: "vic", rebecca: "bec", stephanie: "steph",
  samantha: "sam", jennifer: "jen", michael: "mike", daniel: "dan", matthew: "matt", nicholas: "nick", alexander: "alex", anthony: "tony", benjamin: "ben", jonathan: "jon",
};
const DOMAINS = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com.au", "bigpond.com", "icloud.com", "live.com.au", "optusnet.com.au"];

interface Person {
  first: string;
  last: string;
  email: string;
  phone: string;
  altPhone: string | null;
  partner: Person | null;
  sharesInbox: boolean;
}

export function generateRecords(options: GenerateOptions): SourceRecordInput[] {
  const rand = prng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const chance = (p: number) => rand() < p;
  const digits = (n: number) => {
    let s = "";
    for (let i = 0; i < n; i++) s += String(Math.floor(rand() * 10));
    return s;
  };
  const cap = (s: string) => s.replace(/(^|[\s'-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
  let emailSerial = 0;

  const newPhoneNsn = () => (chance(0.85) ? `4${digits(8)}` : `${pick(["2", "3", "7", "8"])}${digits(8)}`);
  const newEmail = (first: string, last: string) => {
    const l = last.replace(/'/g, "");
    const n = ++emailSerial;
    const domain = pick(DOMAINS);
    switch (Math.floor(rand() * 4)) {
      case 0:
        return `${first}.${l}${n}@${domain}`;
      case 1:
        return `${first}${l}${n}@${domain}`;
      case 2:
        return `${first[0]}${l}${n}@${domain}`;
      default:
        return `${l}.${first}${n}@${domain}`;
    }
  };
  const newPerson = (last?: string): Person => {
    const first = chance(0.5) ? pick(FEMALE) : pick(MALE);
    const surname = last ?? pick(LAST);
    return { first, last: surname, email: newEmail(first, surname), phone: newPhoneNsn(), altPhone: chance(0.05) ? newPhoneNsn() : null, partner: null, sharesInbox: false };
  };

  const typo = (s: string) => {
    if (s.length < 4) return s;
    const i = 1 + Math.floor(rand() * (s.length - 2));
    switch (Math.floor(rand() * 3)) {
      case 0:
        return s.slice(0, i) + s.slice(i + 1);
      case 1:
        return s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
      default:
        return s.slice(0, i) + "aeiourst"[Math.floor(rand() * 8)] + s.slice(i + 1);
    }
  };
  const twoEdits = (s: string) => (s.length < 6 ? typo(s) : typo(typo(s)));
  const straySpace = (s: string) => (s.length < 4 ? s : `${s.slice(0, 2)} ${s.slice(2)}`);
  /** A name as a noisy source writes it: one or two edits, or a space inside it. */
  const noisy = (s: string, typoRate: number) => {
    const r = rand();
    if (r < typoRate) return typo(s);
    if (r < typoRate + 0.03) return twoEdits(s);
    if (r < typoRate + 0.05) return straySpace(s);
    return s;
  };
  const typoLocal = (email: string) => {
    const at = email.indexOf("@");
    return `${typo(email.slice(0, at))}${email.slice(at)}`;
  };
  const typoDigit = (nsn: string) => {
    const i = 1 + Math.floor(rand() * (nsn.length - 1));
    return nsn.slice(0, i) + String((Number(nsn[i]) + 1 + Math.floor(rand() * 9)) % 10) + nsn.slice(i + 1);
  };
  const styleName = (s: string) => {
    const r = rand();
    let out = r < 0.7 ? cap(s) : r < 0.8 ? s.toUpperCase() : r < 0.9 ? s : ` ${cap(s)}  `;
    if (out.includes("'") && chance(0.4)) out = out.replace("'", "\u2019");
    return out;
  };
  const firstNameOf = (p: Person) => {
    if (NICK[p.first] && chance(0.15)) return NICK[p.first]!;
    return noisy(p.first, 0.04);
  };
  const spellPhone = (nsn: string) => {
    const national = `0${nsn}`;
    const [a, b, c] = [nsn.slice(0, 3), nsn.slice(3, 6), nsn.slice(6)];
    switch (Math.floor(rand() * 10)) {
      case 0:
        return national;
      case 1:
        return `+61${nsn}`;
      case 2:
        return `${national.slice(0, 4)} ${b} ${c}`;
      case 3:
        return `+61 (0)${nsn}`;
      case 4:
        return `+61 ${a} ${b} ${c}`;
      case 5:
        return `61${nsn}`;
      case 6:
        return `${national.slice(0, 4)}-${b}-${c}`;
      case 7:
        return `(0${nsn[0]}) ${nsn.slice(1, 5)} ${nsn.slice(5)}`;
      case 8:
        return `0${nsn.slice(0, 3)}.${b}.${c}`;
      default:
        return `+61.${a}.${b}.${c}`;
    }
  };
  const junkPhone = () => pick(["0400 000 000", "0412000000", "(00) 0000 0000", "0000000000", "+61 400 000 000"]);
  const updatedAt = () => new Date(Date.UTC(2025, 0, 1) + Math.floor(rand() * 700) * 86_400_000 + Math.floor(rand() * 24) * 3_600_000).toISOString();

  const records: SourceRecordInput[] = [];
  const customerNames: [string, string][] = [];
  const target = options.size - options.bucket;
  let serial = 0;
  let booking = 0;

  const emit = (p: Person, source: "order" | "sbm" | "aj", bookingId?: string) => {
    const id = `${source[0]}${++serial}`;
    const address = chance(0.04) ? typoLocal(p.email) : p.email;
    const e = rand();
    const email = chance(0.75) ? (e < 0.1 ? `  ${address.toUpperCase()} ` : e < 0.14 ? `${cap(p.first)} ${cap(p.last)} <${address}>` : address) : null;
    const phoneNsn = p.altPhone && chance(0.5) ? p.altPhone : p.phone;
    const phone = chance(0.7) ? (chance(0.02) ? junkPhone() : spellPhone(chance(0.02) ? typoDigit(phoneNsn) : phoneNsn)) : null;
    const n = rand();
    const first = n < 0.08 ? null : firstNameOf(p);
    const last = n >= 0.08 && n < 0.1 ? null : noisy(p.last, 0.03);
    // first and last written the other way round
    const [given, family] = chance(0.06) ? [last, first] : [first, last];
    const styled = (s: string | null) => (s === null ? null : styleName(s));
    const base = { id, email, phone, updated_at: updatedAt() };
    if (source === "sbm") {
      const note = chance(0.15) ? ` (${pick(["new client", "referral", "mobile"])})` : "";
      const parts = [styled(given), styled(family)].filter((x): x is string => x !== null);
      const full = chance(0.3) && given !== null && family !== null ? `${styled(family)}, ${styled(given)}` : `${parts.join(" ")}${note}`;
      records.push({ source, ...base, full_name: full });
    } else {
      records.push({ source, ...base, first_name: styled(given), last_name: styled(family), ...(bookingId ? { booking_id: bookingId } : {}) });
    }
  };

  while (records.length < target) {
    const p = newPerson();
    customerNames.push([p.first, p.last]);
    if (chance(0.25)) {
      const partner = newPerson(chance(0.7) ? p.last : undefined);
      p.partner = partner;
      p.sharesInbox = chance(0.5);
      if (p.sharesInbox) partner.email = p.email;
      if (chance(0.1)) partner.phone = p.phone;
    }
    const count = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < count && records.length < target; k++) {
      const r = rand();
      if (r < 0.3) emit(p, "order");
      else if (r < 0.55) emit(p, "sbm");
      else if (r < 0.8 || !p.partner) emit(p, "aj");
      else {
        const b = `b${++booking}`;
        emit(p, "aj", b);
        if (records.length < target) {
          const partner = p.partner;
          const id = `${b}-p`;
          records.push({
            source: "aj_partner",
            id,
            booking_id: b,
            first_name: styleName(firstNameOf(partner)),
            last_name: styleName(partner.last),
            email: chance(0.8) ? partner.email : null,
            phone: chance(0.5) ? spellPhone(partner.phone) : null,
            updated_at: updatedAt(),
          });
        }
      }
    }
    if (chance(0.02) && records.length < target) records.push({ source: "order", id: `w${++serial}`, email: p.email, updated_at: updatedAt() });
  }

  for (let k = 0; k < options.bucket; k++) {
    const named = chance(0.1) && customerNames.length > 0;
    const [first, last] = named ? pick(customerNames) : ["ring", "prep"];
    records.push({
      source: "order",
      id: `int${k}`,
      first_name: cap(first),
      last_name: cap(last),
      email: "orders@internal.example.com",
      phone: "02 9999 0000",
      updated_at: updatedAt(),
    });
  }

  // interleave the internal account's records with everyone else's, deterministically
  for (let i = records.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = records[i]!;
    records[i] = records[j]!;
    records[j] = t;
  }
  return records;
}
