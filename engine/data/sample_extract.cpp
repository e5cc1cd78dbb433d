#include "engine/data/sample_extract.hpp"

#include "engine/core/philox.hpp"
#include "engine/data/customer_extract.hpp"
#include "models/distribution.hpp"

#include <fmt/format.h>
#include <array>
#include <cmath>
#include <iterator>

namespace offersim::data {

namespace {

using models::Distribution;
using models::DistributionKind;

struct SampleSegment {
    const char* id;
    Distribution tenure;
    Distribution voice;
    Distribution data;
    Distribution sms;
    double plus_share;  // on plus_88, else basic_38
};

const std::array<const char*, 5> kRegions = {"长春", "吉林", "延边", "松原", "白山"};
const std::array<double, 5> kRegionCumulative = {0.45, 0.637, 0.729, 0.85, 1.0};

}  // namespace

std::string generate_customer_extract(std::int64_t rows, std::uint64_t seed) {
    const SampleSegment mass{"mass",
                             {DistributionKind::gamma, 30, 0.8},
                             {DistributionKind::lognormal, 180, 1.0},
                             {DistributionKind::lognormal, 20, 1.5},
                             {DistributionKind::gamma, 100, 1.0},
                             0.2};
    const SampleSegment vip{"vip",
                            {DistributionKind::gamma, 60, 0.6},
                            {DistributionKind::lognormal, 500, 0.6},
                            {DistributionKind::lognormal, 40, 1.2},
                            {DistributionKind::gamma, 120, 0.9},
                            1.0};
    const PhiloxKey key = replication_key(seed, 0x45585452u);  // "EXTR": apart from the other sample files
    std::string out;
    out.reserve(static_cast<std::size_t>(rows) * 64 + 128);
    for (std::size_t c = 0; c < kExtractColumns.size(); ++c) out += (c ? "," : "") + kExtractColumns[c];
    out += '\n';
    auto sink = std::back_inserter(out);
    for (std::int64_t i = 0; i < rows; ++i) {
        const auto index = static_cast<std::uint32_t>(i);
        const auto high = static_cast<std::uint32_t>(i >> 32);
        const PhiloxCounter a = philox4x32({index, high, 0, 0}, key);
        const PhiloxCounter b = philox4x32({index, high, 1, 0}, key);
        const bool is_vip = i % 5 == 4;
        const SampleSegment& s = is_vip ? vip : mass;
        const int tenure = static_cast<int>(std::floor(models::quantile(s.tenure, to_unit_open(a.c0))));
        const double voice = models::quantile(s.voice, to_unit_open(a.c1));
        const double data = models::quantile(s.data, to_unit_open(a.c2));
        const double sms = models::quantile(s.sms, to_unit_open(a.c3));
        const char* tier = to_unit_open(b.c0) < s.plus_share ? "plus_88" : "basic_38";
        std::string contract_end;
        if (to_unit_open(b.c1) < 0.3)
            contract_end = year_month_text(kSampleAsOf + 1 + static_cast<int>(b.c2 % 24));
        const char* level = !is_vip ? "" : voice > 600 ? "gold" : "silver";
        const double r = to_unit_open(b.c3);
        std::size_t region = 0;
        while (region + 1 < kRegions.size() && r >= kRegionCumulative[region]) ++region;
        fmt::format_to(sink, "1390{:07},{},{},{},{:.1f},{:.1f},{:.0f},{},{},", i, s.id, tier, tenure, voice,
                       data, sms, contract_end, level);
        if ((b.c2 >> 16) % 10 == 0) fmt::format_to(sink, "G{:03}", (b.c3 >> 16) % 200);
        fmt::format_to(sink, ",{}\n", kRegions[region]);
    }
    return out;
}

}  // namespace offersim::data
