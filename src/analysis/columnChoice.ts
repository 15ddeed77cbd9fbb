// The columns an analysis uses: the caller's choice, or the data layer's proposed roles turned
// into a ColumnChoice with the reasons and confidence the UI shows.
import type { RoleMapping, RoleProposal } from '../data';
import { commonPrefix } from './columnNames';
import type { ColumnChoice, MappingInfo, ModelColumns } from '../protocol/analysis';

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

/**
 * Mapping info for columns the caller chose. With the detection's `detected` choice and reasons,
 * a role the caller left as detected keeps its detected reason ("as detected: named "label"");
 * the others have none (they are the caller's).
 */
export function userMappingInfo(origin: 'user' | 'request', detected?: { columns: ColumnChoice; info: MappingInfo }, chosen?: ColumnChoice): MappingInfo {
  const reasons: Record<string, string> = {};
  if (detected && chosen) {
    const same = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean => a !== undefined && b !== undefined && a.length === b.length && a.every((x, k) => x === b[k]);
    const keep = (key: string, equal: boolean): void => {
      const reason = detected.info.reasons[key];
      if (equal && reason !== undefined) reasons[key] = `as detected: ${reason}`;
    };
    keep('label', chosen.label !== undefined && chosen.label === detected.columns.label);
    keep('targets', same(chosen.targets, detected.columns.targets));
    keep('features', same(chosen.features, detected.columns.features));
    for (const model of chosen.models ?? []) {
      const found = detected.columns.models?.find((m) => m.name === model.name && m.kind === model.kind && same(m.columns, model.columns));
      keep(`model ${model.name}`, found !== undefined);
    }
  }
  return { origin, reasons, confidence: 1, ambiguity: null, classMapping: null };
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
