package dev.ibridge.activity;

import dev.ibridge.model.KeyMaterial;
import java.util.List;

/**
 * Computes one facet of one subject. It must be deterministic: the same rule, key material and
 * source files always yield the same outputs. {@code sources} are the subject's source files when
 * the rule reads sources, otherwise empty; their digests are the file inputs of the material.
 */
@FunctionalInterface
public interface Compiler {
  List<ComputedOutput> compute(FacetRule rule, KeyMaterial material, List<SourceFile> sources);
}
