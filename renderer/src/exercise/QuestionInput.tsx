import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisplayQuestion } from '../../../common/exercises/exam-paper.js';
import type { Answer } from '../../../common/exercises/questions.js';
import { ExerciseMarkdown } from './ExerciseMarkdown.js';

/**
 * The answer controls of one question, by type, all operable by keyboard: radio buttons,
 * check boxes, a text field, up/down buttons to order items, and a choice per row to match.
 * Reports the answer as it stands (null while it is incomplete). The question carries nothing
 * of its key (practice and exam papers alike); `initial` is an answer given before (a resumed exam).
 */
export function QuestionInput({
  question,
  initial,
  disabled,
  onChange,
}: {
  question: DisplayQuestion;
  initial?: Answer;
  disabled: boolean;
  onChange: (answer: Answer | null) => void;
}) {
  const { t } = useTranslation();
  const name = useId();
  const [picked, setPicked] = useState<string[]>(() =>
    initial?.type === 'single'
      ? [initial.optionId]
      : initial?.type === 'multiple'
        ? initial.optionIds
        : initial?.type === 'truefalse'
          ? [String(initial.value)]
          : [],
  );
  const [text, setText] = useState(initial?.type === 'fill' ? initial.text : '');
  const [sequence, setSequence] = useState<string[]>(
    initial?.type === 'ordering'
      ? initial.itemIds
      : question.type === 'ordering'
        ? question.items.map((i) => i.id)
        : [],
  );
  const [matches, setMatches] = useState<Record<string, string>>(initial?.type === 'matching' ? initial.matches : {});

  switch (question.type) {
    case 'single':
    case 'truefalse': {
      const choices =
        question.type === 'single'
          ? question.options
          : [
              { id: 'true', text: t('exercise.true') },
              { id: 'false', text: t('exercise.false') },
            ];
      return (
        <fieldset className="choice-list" disabled={disabled}>
          <legend className="visually-hidden">{t('exercise.yourAnswer')}</legend>
          {choices.map((choice) => (
            <label key={choice.id} className="choice">
              <input
                type="radio"
                name={name}
                checked={picked[0] === choice.id}
                onChange={() => {
                  setPicked([choice.id]);
                  onChange(
                    question.type === 'single'
                      ? { type: 'single', optionId: choice.id }
                      : { type: 'truefalse', value: choice.id === 'true' },
                  );
                }}
              />
              <ExerciseMarkdown text={choice.text} inline />
            </label>
          ))}
        </fieldset>
      );
    }
    case 'multiple':
      return (
        <fieldset className="choice-list" disabled={disabled}>
          <legend className="card__meta">{t('exercise.pickAll')}</legend>
          {question.options.map(({ id, text: label }) => (
            <label key={id} className="choice">
              <input
                type="checkbox"
                checked={picked.includes(id)}
                onChange={() => {
                  const next = picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id];
                  setPicked(next);
                  onChange(next.length ? { type: 'multiple', optionIds: next } : null);
                }}
              />
              <ExerciseMarkdown text={label} inline />
            </label>
          ))}
        </fieldset>
      );
    case 'fill':
      return (
        <label className="field">
          <span className="visually-hidden">{t('exercise.yourAnswer')}</span>
          <input
            className="text-input"
            disabled={disabled}
            placeholder={t('exercise.typeAnswer')}
            value={text}
            maxLength={500}
            data-testid="fill-answer"
            onChange={(event) => {
              setText(event.target.value);
              onChange(event.target.value.trim() ? { type: 'fill', text: event.target.value } : null);
            }}
          />
        </label>
      );
    case 'ordering': {
      const move = (index: number, by: number) => {
        const next = [...sequence];
        [next[index], next[index + by]] = [next[index + by]!, next[index]!];
        setSequence(next);
        onChange({ type: 'ordering', itemIds: next });
      };
      return (
        <ol className="order-list">
          {sequence.map((id, index) => {
            const label = question.items.find((i) => i.id === id)!.text;
            return (
              <li key={id} className="order-list__item">
                <ExerciseMarkdown text={label} inline />
                <span className="order-list__tools">
                  <button
                    type="button"
                    className="button button--small"
                    disabled={disabled || index === 0}
                    aria-label={t('exercise.moveUp', { item: label })}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    disabled={disabled || index === sequence.length - 1}
                    aria-label={t('exercise.moveDown', { item: label })}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      );
    }
    case 'matching':
      return (
        <div className="match-list">
          {question.left.map((pair) => (
            <label key={pair.id} className="match-list__row">
              <ExerciseMarkdown text={pair.text} inline />
              <select
                className="select"
                disabled={disabled}
                value={matches[pair.id] ?? ''}
                onChange={(event) => {
                  const next = { ...matches, [pair.id]: event.target.value };
                  if (!event.target.value) delete next[pair.id];
                  setMatches(next);
                  onChange(
                    Object.keys(next).length === question.left.length ? { type: 'matching', matches: next } : null,
                  );
                }}
              >
                <option value="">{t('exercise.choose')}</option>
                {question.right.map(({ id, text: label }) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      );
  }
}
