"""Writes reference.json: affinity propagation labels from scikit-learn for seeded matrices.

Run with a Python that has NumPy and scikit-learn (the stored file came from scikit-learn
1.2.1 and NumPy 1.24.2): python3 make_reference.py > reference.json
"""
import json
import warnings

import numpy as np
import sklearn
from sklearn.cluster import affinity_propagation
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import euclidean_distances


def blobs(rng, rows, cols, centers, spread):
    """Columns of length rows scattered around a few random centres."""
    means = rng.normal(size=(centers, rows))
    which = rng.integers(0, centers, size=cols)
    return means[which] + spread * rng.normal(size=(cols, rows))


def main():
    rng = np.random.default_rng(20240611)
    shapes = [(4, 20, 3, 0.3), (8, 40, 5, 0.5), (6, 60, 8, 0.4), (16, 50, 4, 1.0),
              (3, 80, 6, 0.25)]
    matrices = [blobs(rng, *shape) for shape in shapes]
    matrices.append(rng.normal(size=(10, 45)))
    preferences = ["median", "q0.1", "q0.25", "q0.9", -5.0]
    cases = []
    for index, columns in enumerate(matrices):
        similarities = -euclidean_distances(columns, squared=True)
        for preference in preferences:
            if preference == "median":
                value = np.median(similarities)
            elif isinstance(preference, str):
                value = np.quantile(similarities, float(preference[1:]))
            else:
                value = preference
            with warnings.catch_warnings():
                warnings.simplefilter("error", ConvergenceWarning)
                try:
                    _, labels, iterations = affinity_propagation(
                        similarities, preference=value, damping=0.5, max_iter=200,
                        convergence_iter=15, return_n_iter=True, random_state=0)
                except ConvergenceWarning:
                    continue
            cases.append({
                "matrix": index,
                "preference": preference,
                "preferenceValue": float(value),
                "labels": [int(label) for label in labels],
                "iterations": int(iterations),
            })
    source = ("scikit-learn " + sklearn.__version__ + " sklearn.cluster.affinity_propagation,"
              " damping 0.5, max_iter 200, convergence_iter 15, random_state 0")
    # One column or one case per line keeps the file small and readable.
    lines = ['{', ' "source": ' + json.dumps(source) + ',', ' "columns": [']
    for m, columns in enumerate(matrices):
        rows = [json.dumps([float(v) for v in column]) for column in columns]
        lines.append('  [\n   ' + ',\n   '.join(rows) + '\n  ]'
                     + (',' if m + 1 < len(matrices) else ''))
    lines.append(' ],')
    lines.append(' "cases": [')
    lines.append(',\n'.join('  ' + json.dumps(case) for case in cases))
    lines.append(' ]')
    lines.append('}')
    print('\n'.join(lines))


if __name__ == "__main__":
    main()
