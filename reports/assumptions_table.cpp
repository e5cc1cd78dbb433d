#include "reports/assumptions_table.hpp"

#include "reports/html_page.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <iterator>

namespace offersim::reports {

namespace {

// The unit of a key on its own, or empty when its name says none.
std::string_view unit_of_key(std::string_view key, std::string_view parent, const AssumptionText& t) {
    if (key.ends_with("_per_min_cny")) return t.unit_cny_per_minute;
    if (key.ends_with("_per_mb_cny")) return t.unit_cny_per_mb;
    if (key.ends_with("_per_sms_cny") || key == "sms_each_cny") return t.unit_cny_per_sms;
    if (key.ends_with("_per_gross_add_cny")) return t.unit_cny_per_add;
    if (key.starts_with("monthly_") && key.ends_with("_cny")) return t.unit_cny_per_month;
    if (key.ends_with("_monthly_cny")) return t.unit_cny_per_month;
    if (key.ends_with("_cny")) return t.unit_cny;
    if (key == "voice_min" || key.ends_with("_min")) return t.unit_minutes;
    if (key == "data_mb" || key.ends_with("_mb")) return t.unit_mb;
    if (key == "sms") return t.unit_sms;
    if (key.ends_with("_per_month") && (key.starts_with("gross_adds") || key.starts_with("customers")))
        return t.unit_customers_per_month;
    if (key.ends_with("months") || key.ends_with("_month")) return t.unit_months;
    if (key == "size") return t.unit_customers;
    if (key.ends_with("_share") || parent == "tier_mix") return t.unit_share;
    if (key.ends_with("monthly_hazard")) return t.unit_monthly_rate;
    if (key.ends_with("_annual")) return t.unit_annual_rate;
    return {};
}

bool is_item(std::string_view key) {
    return key.starts_with('[');
}

// The values of `values` from `begin` that make one row with it: the consecutive ones of the
// same map (not a list item) with the same note.
std::size_t row_end(const std::vector<scenario::ScenarioValue>& values, std::size_t begin) {
    const auto& first = values[begin];
    if (first.path.size() < 2 || is_item(first.path[first.path.size() - 2]) || is_item(first.path.back()))
        return begin + 1;
    const auto same_map = [&](const scenario::ScenarioValue& v) {
        return v.path.size() == first.path.size() && v.note == first.note &&
               std::equal(first.path.begin(), first.path.end() - 1, v.path.begin());
    };
    std::size_t end = begin + 1;
    while (end < values.size() && end - begin < kMaxMapParts && same_map(values[end])) ++end;
    return end;
}

AssumptionRow make_row(const std::vector<scenario::ScenarioValue>& values, std::size_t begin, std::size_t end,
                       const AssumptionText& t) {
    const auto& first = values[begin];
    AssumptionRow row;
    row.source = first.source;
    row.note = first.note;
    if (end == begin + 1) {
        row.key = scenario::path_text(first.path);
        row.value = first.value;
        row.unit = unit_of(first.path, t);
        return row;
    }
    row.key = scenario::path_text({first.path.begin(), first.path.end() - 1});
    std::vector<std::string_view> units;
    for (std::size_t i = begin; i < end; ++i) units.push_back(unit_of(values[i].path, t));
    const bool one_unit = std::all_of(units.begin(), units.end(), [&](auto u) { return u == units.front(); });
    if (one_unit) row.unit = units.front();
    for (std::size_t i = begin; i < end; ++i) {
        const std::string_view unit = one_unit ? std::string_view() : units[i - begin];
        row.value += fmt::format("{}{} {}{}{}", i == begin ? "" : " · ", values[i].path.back(),
                                 values[i].value, unit.empty() ? "" : " ", unit);
    }
    return row;
}

std::string_view source_text(scenario::ValueSource source, const AssumptionText& t) {
    switch (source) {
        case scenario::ValueSource::data:
            return t.source_data;
        case scenario::ValueSource::assumption:
            return t.source_assumption;
        case scenario::ValueSource::not_stated:
            break;
    }
    return t.source_not_stated;
}

std::string_view source_class(scenario::ValueSource source) {
    switch (source) {
        case scenario::ValueSource::data:
            return "source-data";
        case scenario::ValueSource::assumption:
            return "source-assumption";
        case scenario::ValueSource::not_stated:
            break;
    }
    return "source-not-stated";
}

}  // namespace

std::string_view unit_of(const std::vector<std::string>& path, const AssumptionText& text) {
    if (path.empty()) return {};
    const std::string_view key = path.back();
    const std::string_view parent = path.size() >= 2 ? std::string_view(path[path.size() - 2]) : "";
    // A distribution's mean (or a bound) is in the unit of what it describes.
    if ((key == "mean" || key == "min" || key == "max") && !parent.empty())
        return unit_of_key(parent, "", text);
    return unit_of_key(key, parent, text);
}

std::vector<AssumptionRow> assumption_rows(const std::vector<scenario::ScenarioValue>& values,
                                           Language language) {
    const AssumptionText& t = report_text(language).assumptions;
    std::vector<AssumptionRow> rows;
    for (std::size_t begin = 0; begin < values.size();) {
        const std::size_t end = row_end(values, begin);
        rows.push_back(make_row(values, begin, end, t));
        begin = end;
    }
    return rows;
}

std::string assumptions_table_html(const std::vector<AssumptionRow>& rows, Language language) {
    if (rows.empty()) return {};
    const AssumptionText& t = report_text(language).assumptions;
    using html::escape;
    std::string out;
    auto it = std::back_inserter(out);
    fmt::format_to(it,
                   "<section class=\"assumptions print-only\">\n<h3>{}</h3>\n<p class=\"note\">{}</p>\n"
                   "<table class=\"assumptions\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                   "<th>{}</th></tr></thead>\n<tbody>\n",
                   escape(t.heading), escape(t.note), escape(t.column_key), escape(t.column_value),
                   escape(t.column_unit), escape(t.column_source), escape(t.column_note));
    // Each note once, numbered below the table; a row names its note's number.
    std::vector<std::string_view> notes;
    for (const auto& row : rows) {
        std::string reference;
        if (!row.note.empty()) {
            auto found = std::find(notes.begin(), notes.end(), row.note);
            if (found == notes.end()) found = notes.insert(notes.end(), row.note);
            reference = fmt::format("[{}]", found - notes.begin() + 1);
        }
        fmt::format_to(it, "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                       source_class(row.source), escape(row.key), escape(row.value), escape(row.unit),
                       escape(source_text(row.source, t)), reference);
    }
    fmt::format_to(it, "</tbody>\n</table>\n<ol class=\"assumption-notes\">\n");
    for (const auto note : notes) fmt::format_to(it, "<li>{}</li>\n", escape(note));
    fmt::format_to(it, "</ol>\n</section>\n");
    return out;
}
}  // namespace offersim::reports
