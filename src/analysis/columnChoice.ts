// The columns an analysis uses: the caller's choice, or the data layer's proposed roles turned
// into a ColumnChoice with the reasons and confidence the UI shows.
import type { RoleMapping, RoleProposal } from '../data';
import type { ColumnChoice, MappingInfo, ModelColumns } from '../protocol/analysis';

/**
 * The model name of a column group: the longest common prefix, cut back to its last separator
 * (`_`, `.`, `-`). Example: commonPrefix(['m1_p0', 'm1_p1']) === 'm1'; ['prob0', 'prob1'] → 'prob'.
 */
export function commonPrefix(names: readonly string[]): string {
  if (names.length === 0) return '';
  let prefix = names[0] as string;
  for (const name of names) {
    let k = 0;
    while (k < prefix.length && k < name.length && prefix[k] === name[k]) k++;
    prefix = prefix.slice(0, k);
  }
  if (/[_.\-]$/.test(prefix)) return prefix.replace(/[_.\-]+$/, '');
  const cut = Math.max(prefix.lastIndexOf('_'), prefix.lastIndexOf('.'), prefix.lastIndexOf('-'));
  return cut > 0 ? prefix.slice(0, cut) : prefix;
}

function modelName(proposal: RoleProposal): string {
  if (proposal.group) return proposal.group;
  if (proposal.columns.length === 1) return proposal.columns[0] as string;
  return commonPrefix(proposal.columns) || proposal.columns.join(',');
}

/** The proposed roles as a ColumnChoice plus how sure the inference was. */
export function choiceFromRoles(mapping: RoleMapping): { columns: ColumnChoice; info: MappingInfo } {
  const columns: ColumnChoice = {};
  const reasons: Record<string, string> = {};
  const confidences: number[] = [];
  const take = (key: string, proposal: RoleProposal | undefined): void => {
    if (!proposal) return;
    reasons[key] = proposal.reason;
    confidences.push(proposal.confidence);
  };
  if (mapping.label) {
    columns.label = mapping.label.columns[0] as string;
    take('label', mapping.label);
  }
  if (mapping.models.length > 0) {
    columns.models = mapping.models.map(
      (proposal): ModelColumns => ({
        name: modelName(proposal),
        kind: proposal.role === 'logits' ? 'logits' : 'probabilities',
        columns: [...proposal.columns],
      }),
    );
    mapping.models.forEach((proposal, k) => take(`model ${columns.models?.[k]?.name ?? k + 1}`, proposal));
    const classes = mapping.models[0]?.classes;
    if (classes) columns.classes = [...classes];
  }
  if (mapping.targets) {
    columns.targets = [...mapping.targets.columns];
    take('targets', mapping.targets);
  }
  if (mapping.features && mapping.features.columns.length > 0) {
    columns.features = [...mapping.features.columns];
    take('features', mapping.features);
  }
  const distributionColumns = mapping.distributions.flatMap((proposal) => proposal.columns);
  if (distributionColumns.length >= 2) {
    columns.p = [distributionColumns[0] as string];
    columns.q = [distributionColumns[1] as string];
    mapping.distributions.forEach((proposal) => take('distributions', proposal));
  }
  return {
    columns,
    info: {
      origin: 'detected',
      reasons,
      confidence: confidences.length > 0 ? Math.min(...confidences) : 0,
      ambiguity: mapping.ambiguities.length > 0 ? mapping.ambiguities.join('; ') : null,
      classMapping: mapping.models[0]?.classes ? 'by name suffix' : null,
    },
  };
}

/** Mapping info for columns the caller chose. */
export function userMappingInfo(origin: 'user' | 'request'): MappingInfo {
  return { origin, reasons: {}, confidence: 1, ambiguity: null, classMapping: null };
}

/** Applies the "treat as logits" override: models made only of those columns become logits. */
export function applyLogitOverride(columns: ColumnChoice, treatAsLogits: readonly string[]): ColumnChoice {
  if (treatAsLogits.length === 0 || !columns.models) return columns;
  const set = new Set(treatAsLogits);
  return {
    ...columns,
    models: columns.models.map((model) => (model.columns.every((c) => set.has(c)) ? { ...model, kind: 'logits' } : model)),
  };
}
