// Folder names made from scenario names keep only safe characters and never climb.
#include "reports/output_folder.hpp"

#include <gtest/gtest.h>

using offersim::reports::folder_name_for;

TEST(FolderNameFor, KeepsAPlainNameAsItIs) {
    EXPECT_EQ(folder_name_for("gotone_58_at_48"), "gotone_58_at_48");
    EXPECT_EQ(folder_name_for("v2.1-final"), "v2.1-final");
}

TEST(FolderNameFor, NeverClimbsOrStartsAtTheRoot) {
    EXPECT_EQ(folder_name_for("../../../victim"), "victim");
    EXPECT_EQ(folder_name_for("/etc/cron.d/x"), "etc-cron.d-x");
    EXPECT_EQ(folder_name_for(".."), "scenario");
    EXPECT_EQ(folder_name_for(".hidden"), "hidden");
    EXPECT_EQ(folder_name_for("a/../../b"), "a-..-..-b") << "no separator is left, so '..' is only text";
}

TEST(FolderNameFor, FallsBackWhenNothingSafeIsLeft) {
    EXPECT_EQ(folder_name_for(""), "scenario");
    EXPECT_EQ(folder_name_for("全球通"), "scenario");
    EXPECT_EQ(folder_name_for("全球通 58 降价"), "58");
}

TEST(FolderNameFor, IsAtMostOneHundredBytes) {
    EXPECT_EQ(folder_name_for(std::string(300, 'a')).size(), 100u);
    EXPECT_EQ(folder_name_for(std::string(99, 'a') + "-b"), std::string(99, 'a')) << "no trailing '-'";
}
