#pragma once
// The raw figures of the per-customer views (docs/models.md, "Per-customer views"): every
// replication's months of headcount and revenue by VIP level and by ARPU band, and the
// margin of the top fifth of customers. Filled by CustomerViewRecorder
// (engine/sim/customer_views.hpp) in shard order; empty when the views are off.
#include <cstddef>
#include <vector>

namespace offersim::sim {

struct CustomerViewCube {
    enum Figure : int { headcount, revenue, figure_count };                   // revenue in fen
    enum MarginFigure : int { billed, top_fifth, all, margin_figure_count };  // margins in fen

    int replications = 0;  // 0: the views are off
    int months = 0;
    int levels = 0;                // VIP levels + 1: index 0 holds the customers with no level
    int bands = 0;                 // ARPU bands: one more than the edges
    std::vector<double> by_level;  // [rep][month][level][Figure]
    std::vector<double> by_band;   // [rep][month][band][Figure]
    std::vector<double> margin;    // [rep][month][MarginFigure]

    CustomerViewCube() = default;
    CustomerViewCube(int r, int m, int l, int b)
        : replications(r),
          months(m),
          levels(l),
          bands(b),
          by_level(static_cast<std::size_t>(r) * m * l * figure_count, 0.0),
          by_band(static_cast<std::size_t>(r) * m * b * figure_count, 0.0),
          margin(static_cast<std::size_t>(r) * m * margin_figure_count, 0.0) {}

    bool enabled() const { return replications > 0; }
    double& level_at(int rep, int month, int level, Figure f) {
        return by_level[cell(rep, month, level, levels, f)];
    }
    double level_at(int rep, int month, int level, Figure f) const {
        return by_level[cell(rep, month, level, levels, f)];
    }
    double& band_at(int rep, int month, int band, Figure f) {
        return by_band[cell(rep, month, band, bands, f)];
    }
    double band_at(int rep, int month, int band, Figure f) const {
        return by_band[cell(rep, month, band, bands, f)];
    }
    double& margin_at(int rep, int month, MarginFigure f) {
        return margin[(static_cast<std::size_t>(rep) * months + month) * margin_figure_count + f];
    }
    double margin_at(int rep, int month, MarginFigure f) const {
        return margin[(static_cast<std::size_t>(rep) * months + month) * margin_figure_count + f];
    }

private:
    std::size_t cell(int rep, int month, int row, int rows, Figure f) const {
        return ((static_cast<std::size_t>(rep) * months + month) * rows + row) * figure_count + f;
    }
};

}  // namespace offersim::sim
