// The installed extension's package.json and the questions the UI scenarios ask of it, such as
// which commands the palette should show.

/** One entry of contributes.commands. */
export interface ContributedCommand {
  readonly command: string;
  readonly title: string;
  readonly category?: string;
}

/** The parts of package.json the UI scenarios read. */
export interface ExtensionManifest {
  readonly name: string;
  readonly publisher: string;
  readonly version: string;
  readonly displayName?: string;
  readonly activationEvents?: readonly string[];
  readonly contributes?: {
    readonly commands?: readonly ContributedCommand[];
    readonly menus?: { readonly commandPalette?: readonly { readonly command: string; readonly when?: string }[] };
  };
}

/** The category the style guide gives every command. */
export const COMMAND_CATEGORY = 'Entropy Lens';

/** `publisher.name`. */
export function extensionId(manifest: ExtensionManifest): string {
  return `${manifest.publisher}.${manifest.name}`;
}

/** How the palette shows a command: "Category: Title". */
export function paletteLabel(command: ContributedCommand): string {
  return command.category ? `${command.category}: ${command.title}` : command.title;
}

/** The `when` clause menus.commandPalette gives a command, if any ("false" hides it). */
export function paletteWhen(manifest: ExtensionManifest, command: string): string | undefined {
  return manifest.contributes?.menus?.commandPalette?.find((entry) => entry.command === command)?.when;
}

/**
 * Whether a palette `when` clause holds while a CSV file is the active editor: true or false for
 * clauses about `editorLangId` alone (`==` or `=~ /regex/`), undefined for anything else (context
 * keys the extension sets later, e.g. after an analysis, cannot be judged from the manifest).
 */
export function whenHoldsWithCsvOpen(when: string): boolean | undefined {
  const trimmed = when.trim();
  const equals = /^editorLangId\s*==\s*'?([\w-]+)'?$/.exec(trimmed);
  if (equals) return equals[1] === 'csv';
  const matches = /^editorLangId\s*=~\s*\/(.+)\/([a-z]*)$/.exec(trimmed);
  if (matches?.[1] !== undefined) return new RegExp(matches[1], matches[2]).test('csv');
  return undefined;
}
