from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PLAN_FILE = PROJECT_DIR / "data_model" / "plans" / "qianqi-2020-2022.yaml"
