/** The browser tests' fixture: headless Chromium through ChromeDriver. */
package dev.featurewatch.app.browser;
