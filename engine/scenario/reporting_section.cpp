#include "engine/scenario/reporting_section.hpp"

#include <fmt/format.h>

namespace offersim::scenario {

const Keys kReportingKeys = {"customer_views", "arpu_bands_cny"};

namespace {

// At most this many edges: every band is a row of each month's figures.
constexpr std::size_t kMaxBandEdges = 20;

}  // namespace

ReportingSpec read_reporting(FieldReader& in, const DocNode& node) {
    ReportingSpec r;
    const std::string path = "reporting";
    if (!in.expect_map(node, path, kReportingKeys)) return r;
    r.customer_views = in.choice_or(node, "customer_views", path, kYesNo, 0) == 1;
    const DocNode* edges = node.find("arpu_bands_cny");
    if (!edges) return r;
    const std::string ep = in.join(path, "arpu_bands_cny");
    if (edges->kind != DocNode::Kind::sequence || edges->items.empty() ||
        edges->items.size() > kMaxBandEdges) {
        in.error(edges->pos, fmt::format("expected {} as a list of 1 to {} rising amounts in CNY, the lower "
                                         "edges of the bands above the first, e.g. [50, 100, 200]",
                                         ep, kMaxBandEdges));
        return r;
    }
    r.arpu_band_edges.clear();
    for (std::size_t i = 0; i < edges->items.size(); ++i) {
        const std::string where = fmt::format("{}[{}]", ep, i);
        const Money edge{in.amount_node(edges->items[i], where, 2)};
        if (!r.arpu_band_edges.empty() && edge <= r.arpu_band_edges.back())
            in.error(edges->items[i].pos,
                     fmt::format("{} is {} CNY, not above the edge before it ({} CNY); the edges must rise",
                                 where, edge.cny(), r.arpu_band_edges.back().cny()));
        r.arpu_band_edges.push_back(edge);
    }
    return r;
}

}  // namespace offersim::scenario
