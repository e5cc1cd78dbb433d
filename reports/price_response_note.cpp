#include "reports/price_response_note.hpp"

#include <fmt/format.h>
#include <algorithm>

namespace offersim::reports {

std::string price_response_note(const sim::RunResults& results, const ReportText& text, Language language) {
    const sim::PriceResponseSummary& price = results.price_response;
    std::string sentence;
    if (price.segments.empty()) {
        sentence = std::string(text.price_response_none);
    } else {
        std::vector<std::string> segments;
        for (const auto& s : price.segments) {
            std::string name = s.id;
            for (std::size_t i = 0; i < results.segment_ids.size(); ++i)
                if (results.segment_ids[i] == s.id && i < results.segment_names.size() &&
                    !results.segment_names[i].empty())
                    name = results.segment_names[i];
            std::string& segment = segments.emplace_back(
                fmt::format(fmt::runtime(text.price_response_segment), fmt::arg("id", name),
                            fmt::arg("elasticity", fmt::format("{:.2f}", s.churn_elasticity))));
            if (s.rivals.empty()) continue;
            segment += fmt::format(fmt::runtime(text.price_response_rivals),
                                   fmt::arg("rivals", listed(s.rivals, language)));
            if (s.discount_strength > 0.0)
                segment +=
                    fmt::format(fmt::runtime(text.price_response_discount_point),
                                fmt::arg("threshold", fmt::format("{:.0f}%", 100.0 * s.discount_threshold)),
                                fmt::arg("strength", fmt::format("{:g}", s.discount_strength)));
        }
        sentence = fmt::format(fmt::runtime(text.price_response_segments),
                               fmt::arg("segments", listed(segments, language)),
                               fmt::arg("reference", price.reference));
    }
    const std::string_view space = language == Language::zh_cn ? "" : " ";
    std::string note = sentence + std::string(space) + std::string(text.price_response_limits);
    const auto add = [&](std::string_view wording, const std::vector<std::string>& offers) {
        if (offers.empty()) return;
        note += std::string(space) +
                fmt::format(fmt::runtime(wording), fmt::arg("offers", listed(offers, language)));
    };
    add(text.take_up_fixed, price.fixed_share_offers);
    add(text.take_up_chosen, price.chosen_offers);
    return note;
}

std::string price_response_note(const sim::RunResults& baseline,
                                const std::vector<const sim::RunResults*>& variants, const ReportText& text,
                                Language language) {
    std::vector<std::string> notes{price_response_note(baseline, text, language)};
    for (const sim::RunResults* variant : variants) {
        std::string note = price_response_note(*variant, text, language);
        if (std::find(notes.begin(), notes.end(), note) == notes.end())
            notes.push_back(fmt::format("{}: {}", variant->scenario_name, note));
    }
    std::string joined;
    for (const auto& note : notes) joined += (joined.empty() ? "" : " ") + note;
    return joined;
}

}  // namespace offersim::reports
