#pragma once
// Parameters estimated together by an outside tool (docs/models.md §36): a coefficient
// table with its covariance (Biogeme's export), drawn from the multivariate normal, or a
// posterior's draws, drawn a row at a time. Pure functions of the estimates.
#include <optional>
#include <vector>

namespace offersim::models {

// The lower-triangular L with L Lᵀ = `covariance` (n x n, row-major), row-major, or the
// index of the first pivot that is not above 0 when the matrix is not positive definite
// (or not symmetric to 1e-9 of its diagonal).
struct CholeskyResult {
    std::vector<double> lower;  // empty when it failed
    int failed_at = -1;         // the row whose pivot was not positive
};
CholeskyResult cholesky(const std::vector<double>& covariance, int n);

// Coefficient i of mean + L z, from the standard normals z[0..i] (L lower-triangular, so
// coefficient i needs only the first i + 1).
double correlated_normal(const std::vector<double>& mean, const std::vector<double>& lower, int i,
                         const std::vector<double>& z);

// The row of `rows` drawn rows that probability u in (0, 1) picks, each equally likely.
int drawn_row(int rows, double u);

}  // namespace offersim::models
