package io.modelarts.train.pool;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({
            "800Gi,858993459200", "50G,50000000000", "500Mi,524288000", "1Ki,1024", "1k,1000", "8,8", "1.5Gi,1610612736",
            "1Ti,1099511627776", "2Pi,2251799813685248", "1Ei,1152921504606846976", "1e3,1000", "1E3,1000", "0.5,1", "250m,1",
            "' 64Gi ',68719476736", "+1M,1000000", ".5k,500"})
    void bytes(String text, long expected) {
        assertThat(Quantities.bytes(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"500m,0.500", "1.5,1.5", "2E,2000000000000000000"})
    void values(String text, String expected) {
        assertThat(Quantities.value(text)).isEqualByComparingTo(new BigDecimal(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Gi", "8 Gi", "8gi", "8GB", "-1Gi", "1.2.3", "0x10", "1e", "abc", "1Zi"})
    void malformed(String text) {
        assertThat(Quantities.isQuantity(text)).isFalse();
        assertThat(Quantities.bytes(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999", "99999999999Ei"})
    void hugeValuesAreCapped(String text) {
        assertThat(Quantities.bytes(text)).isEqualTo(Long.MAX_VALUE);
    }
}
