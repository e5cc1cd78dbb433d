#pragma once
// `offersim targets`: a scenario's targeting rules applied to an operator's extract
// (docs/models.md §34). Each customer is graded (VIP level from its bill at its mean use),
// scored (retention risk: the revenue at risk this month, as the retention campaigns rank
// it) and, where the extract gives its monthly minutes to our network, tested against the
// win-back rule. The list names the operator's ids: it is the one output that does.
#include "engine/data/text_encoding.hpp"
#include "engine/scenario/scenario.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace offersim::sim {

struct TargetList {
    std::int64_t rows = 0;
    std::int64_t win_back = 0;   // rows that pass the win-back rule
    std::int64_t retention = 0;  // rows among a campaign's highest risk, up to its monthly contacts
    data::TextEncoding encoding = data::TextEncoding::utf8;
    std::string list_csv;    // id,list,segment,region,manager,vip_grade,bill_cny,risk_score
    std::string counts_csv;  // by,name,win_back,retention,capacity
};

// `as_of`: the extract's month (data::year_month). Throws InputError with every bad row of
// `extract` (file:line:column: column: problem).
TargetList build_target_list(const scenario::Scenario& sc, const std::filesystem::path& extract,
                             data::TextEncoding encoding, int as_of);

}  // namespace offersim::sim
