namespace EmissionEdge.Gateway.Core.Configuration
{
    /// <summary>
    /// What each GPIO of the original ESP32 (ESP32-D0WD, as on the ESP32-DevKitC and WROOM-32
    /// modules) can do, from Espressif's ESP32 datasheet and technical reference manual.
    /// </summary>
    public static class Esp32Pins
    {
        /// <summary>Highest raw count of the ESP32 ADC at 12 bits.</summary>
        public const int AdcMaxCount = 4095;

        /// <summary>Nominal ADC slope at 11 dB attenuation: 3300 mV over 4095 counts (0.806 mV per count); individual chips differ by −8…+10 %.</summary>
        public const double AdcNominalMillivoltsPerCount = 3300.0 / 4095.0;

        /// <summary>Whether GPIO <paramref name="gpio"/> exists (0–19, 21–23, 25–27, 32–39).</summary>
        /// <param name="gpio">GPIO number.</param>
        /// <returns><see langword="true"/> when the chip has that pad.</returns>
        public static bool Exists(int gpio) =>
            (gpio >= 0 && gpio <= 19) || (gpio >= 21 && gpio <= 23) || (gpio >= 25 && gpio <= 27) || (gpio >= 32 && gpio <= 39);

        /// <summary>Why the pin must not be used at all, or <see langword="null"/> when it may.</summary>
        /// <param name="gpio">An existing GPIO.</param>
        /// <returns>The reason.</returns>
        public static string? Reserved(int gpio)
        {
            if (gpio >= 6 && gpio <= 11)
            {
                return "is wired to the module's SPI flash";
            }

            if (gpio == 16 || gpio == 17)
            {
                return "is wired to the PSRAM on ESP32-WROVER modules (the reference board's module)";
            }

            if (gpio == 1 || gpio == 3)
            {
                return "is UART0 (nanoFramework's debug and deployment link)";
            }

            if (gpio == 0)
            {
                return "is a strapping pin (low at reset enters the bootloader)";
            }

            if (gpio == 12)
            {
                return "is a strapping pin (MTDI: high at reset selects 1.8 V flash and the module fails to boot)";
            }

            return null;
        }

        /// <summary>Whether the pin can drive an output (GPIO 34–39 are input-only).</summary>
        /// <param name="gpio">An existing GPIO.</param>
        /// <returns><see langword="true"/> when it can be an output.</returns>
        public static bool CanOutput(int gpio) => gpio < 34;

        /// <summary>Whether the pin is an ADC1 channel (GPIO 32–39). ADC2 cannot be read while Wi-Fi is on.</summary>
        /// <param name="gpio">An existing GPIO.</param>
        /// <returns><see langword="true"/> for ADC1 pins.</returns>
        public static bool IsAdc1(int gpio) => gpio >= 32 && gpio <= 39;

        /// <summary>Whether the pin has no internal pull-up (GPIO 34–39), so a contact input needs an external one.</summary>
        /// <param name="gpio">An existing GPIO.</param>
        /// <returns><see langword="true"/> for 34–39.</returns>
        public static bool LacksPullUp(int gpio) => gpio >= 34;
    }
}
