/**
 * A small built-in table of English given-name variants and nicknames.
 *
 * Each line is one name: its formal spellings before "|", its nicknames after it. Two
 * names are nickname-equivalent when they sit in one group (Bob ~ Robert, Katherine ~
 * Catherine, Kate ~ Kathy). A nickname may sit in several groups (Sam: Samuel and
 * Samantha), so Sam matches both, but Samuel and Samantha never match each other.
 */
const GROUPS = `
robert|bob bobby rob robbie bert
william|bill billy will willie liam
katherine catherine kathryn katharine kathrine cathryn|kate katie kathy cathy kat kath kit
kathleen|kath kathy kate
elizabeth|liz lizzie beth betty eliza libby bess
margaret|maggie meg peggy marge margie greta
patricia|trish pat patty tricia
victoria|vic vicky tori
rebecca|bec becky becca
stephanie|steph
stephen steven|steve
samantha|sam sammy
samuel|sam sammy
jennifer|jen jenny
michael|mike mick mikey
daniel|dan danny
danielle|dani
matthew mathew|matt
nicholas|nick nicky
alexander|alex xander
alexandra|alex lexi
anthony antony|tony
benjamin|ben benny
jonathan|jon jonny
john|johnny
james|jim jimmy jamie
joseph|joe joey
thomas|tom tommy
christopher|chris
christine christina|chris chrissy
richard|rick rich richie dick
edward|ed eddie ted ned
andrew|andy drew
timothy|tim timmy
gregory|greg
jeffrey geoffrey|jeff
kenneth|ken kenny
lawrence laurence|larry
douglas|doug
gerald|gerry jerry
harold|harry hal
henry|harry hank
charles|charlie chuck
peter|pete
raymond|ray
ronald|ron ronnie
donald|don donnie
david|dave davey
susan|sue susie
deborah debra|deb debbie
pamela|pam
barbara|barb
dorothy|dot dottie
judith|judy jude
kimberly kimberley|kim
jacqueline|jackie
zachary|zach zack
joshua|josh
nathan nathaniel|nate
abigail|abby
theresa teresa|tess tessa terri
frederick|fred freddie
phillip philip|phil
bradley|brad
madison|maddie
alexis|lexi
sandra|sandy
cynthia|cindy
jessica|jess jessie
natalie|nat
angela|angie
amanda|mandy
melissa|mel
nicole|nikki
michelle michele|shell
sarah sara|
brian bryan|
ann anne anna|annie
allan alan allen|al
frances|fran
francis|frank
walter|walt
eugene|gene
leonard|leo len lenny
louise|lou
caroline carolyn|carol
`;

interface Group {
  readonly members: readonly string[];
}

const groups: Group[] = [];
const groupsOf = new Map<string, number[]>();

for (const line of GROUPS.split("\n")) {
  if (!line.includes("|")) continue;
  const [formalPart = "", nickPart = ""] = line.split("|");
  const formal = formalPart.split(" ").filter(Boolean);
  const nicks = nickPart.split(" ").filter(Boolean);
  const index = groups.length;
  groups.push({ members: [...formal, ...nicks] });
  for (const name of [...formal, ...nicks]) {
    const list = groupsOf.get(name) ?? [];
    list.push(index);
    groupsOf.set(name, list);
  }
}

/** Common given names that are names in their own right, beyond the table above. */
const OTHER_KNOWN = `
mary mark joan jane jade dean sean lisa lina anna hannah emma emily amy ava mia ella
noah liam jack jake luke adam aaron alan ellen helen karen keith kate kyle lara laura
lauren leah lee leo lily lucy luca lucas paul paula carl carla eric erica louis julian
juliana mario maria marie maria rose ruby ryan rhys sam tom tim tina gina dana diana
diane dianne donna joy joyce judy june kim kay ray rex roy ron sue zoe chloe grace
olivia sophie sophia isla isabella charlotte amelia harper evelyn jean jenna jena
jenny jess jesse josh josie julia julie justin kevin kelly kerry terry gary garry
barry harry larry henry mason ethan ella bella owen oscar oliver peter petra lachlan
cooper archie hamish angus fiona heather tracy stacey shane wayne craig brett scott
`;

const KNOWN = new Set<string>([...groupsOf.keys(), ...OTHER_KNOWN.split(/\s+/).filter(Boolean)]);

/** Is this (comparison-key) first name a known given name in its own right? */
export function isKnownFirstName(key: string): boolean {
  return KNOWN.has(key);
}

/** Nickname or spelling-variant equivalence (see the note at the top of the file). */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return false;
  const ga = groupsOf.get(a);
  const gb = groupsOf.get(b);
  if (!ga || !gb) return false;
  return ga.some((g) => gb.includes(g));
}

/** Every name nickname-equivalent to `name` (not including itself). */
export function nicknameVariants(name: string): string[] {
  const out: string[] = [];
  for (const g of groupsOf.get(name) ?? []) {
    const group = groups[g];
    if (!group) continue;
    for (const other of group.members) {
      if (other !== name && !out.includes(other)) out.push(other);
    }
  }
  return out;
}
